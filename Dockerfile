# The callqa image: one image, every service; the command picks the role (callqa worker scorer|sink|all, …).
# Node 24, the current LTS (Node 20 left maintenance in April 2026; some dependencies already want 22 or later).
FROM node:24-bookworm-slim
# ffmpeg decodes recordings; Python hosts the recogniser (faster-whisper). Both for the transcriber role.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY pipelines ./pipelines
COPY services ./services
COPY models ./models
COPY bench ./bench
# The web UI: the build copies it beside the compiled API (scripts/copy-assets.mjs).
COPY dashboards ./dashboards
# `npm install` builds through `prepare`; the dev tools are dropped afterwards. tests/integration/deployment.test.ts
# follows this file's COPY list and npm steps in a clean folder, so a file the build needs and no COPY brings fails CI.
RUN npm install --no-audit --no-fund && npm prune --omit=dev
# The speech models are fetched (and checksummed) at build time, so a transcriber starts without network access.
ENV CALLQA_CACHE_DIR=/opt/callqa-cache
RUN node dist/services/cli/main.js setup
ENV NODE_ENV=production CALLQA_DATA_DIR=/data
ENTRYPOINT ["node", "dist/services/cli/main.js"]
