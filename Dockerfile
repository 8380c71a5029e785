# The callqa image: one image, every service; the command picks the role (callqa worker scorer|sink|all, …).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY pipelines ./pipelines
COPY services ./services
COPY bench ./bench
# `npm install` builds through `prepare`; the dev tools are dropped afterwards.
RUN npm install --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production CALLQA_DATA_DIR=/data
ENTRYPOINT ["node", "dist/services/cli/main.js"]
