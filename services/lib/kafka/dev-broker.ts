import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/*
 * A real single-node Apache Kafka (KRaft, broker and controller in one JVM) for development and tests, on a machine
 * without Docker: the jars come from Maven Central once (cached under ~/.cache/callqa), the broker listens on
 * 127.0.0.1 only. See ../shared/KAFKA.md. Production uses the official image (docker-compose.yml).
 */

const KAFKA_VERSION = '4.1.1'
const LOG4J_VERSION = '2.24.3'
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'callqa', `kafka-${KAFKA_VERSION}`)
const READY = 'Kafka Server started'
const START_TIMEOUT_MS = 90_000
const STOP_GRACE_MS = 10_000

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>callqa</groupId><artifactId>kafka-dev-broker</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`

const LOG4J2 = `<Configuration status="WARN">
  <Appenders><Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console></Appenders>
  <Loggers><Logger name="kafka" level="INFO"/><Logger name="org.apache.kafka" level="WARN"/><Root level="WARN"><AppenderRef ref="out"/></Root></Loggers>
</Configuration>
`

/** The broker's jars, downloaded by Maven on first use; a marker file says the copy finished. */
export function kafkaJars(): string {
  const jars = join(CACHE, 'jars')
  const done = join(CACHE, 'complete')
  if (existsSync(done)) return jars
  mkdirSync(CACHE, { recursive: true })
  writeFileSync(join(CACHE, 'pom.xml'), POM)
  rmSync(jars, { recursive: true, force: true })
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', join(CACHE, 'pom.xml'), 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      `-DoutputDirectory=${jars}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  writeFileSync(done, new Date().toISOString())
  return jars
}

export interface DevBrokerOptions {
  /** Holds the data, the config and the log; kept across restarts, removed by `destroy`. */
  dir: string
  port: number
  controllerPort: number
}

function serverProperties(o: DevBrokerOptions): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(o.dir, 'data')}`,
    // A single node: replication factor 1 everywhere, or consumers wait forever for a group coordinator.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // A transcript of a three-hour call is a few MB: one message must hold it.
    'message.max.bytes=16777216',
    'num.network.threads=2',
    'num.io.threads=2',
    '',
  ].join('\n')
}

function java(jars: string, dir: string, args: string[]): string[] {
  return ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${join(dir, 'log4j2.xml')}`, '-cp', `${jars}/*`, ...args]
}

/**
 * A free loopback port below the ephemeral range (32768+): a broker that restarts must find its port again, and an
 * ephemeral port may meanwhile have gone to some client's outgoing connection.
 */
async function freePort(taken: number[]): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (taken.includes(port)) continue
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
}

export class DevBroker {
  private pid?: number

  constructor(readonly options: DevBrokerOptions) {}

  /** A broker for tests and benchmarks: its files in `dir`, on two free loopback ports. */
  static async onFreePorts(dir: string): Promise<DevBroker> {
    const port = await freePort([])
    return new DevBroker({ dir, port, controllerPort: await freePort([port]) })
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.options.port}`]
  }

  private get pidFile(): string {
    return join(this.options.dir, 'broker.pid')
  }

  /** Formats the data directory on first start, launches the JVM detached and waits until the broker says it is up. */
  async start(): Promise<void> {
    const { dir } = this.options
    const jars = kafkaJars()
    mkdirSync(dir, { recursive: true })
    const config = join(dir, 'server.properties')
    writeFileSync(config, serverProperties(this.options))
    writeFileSync(join(dir, 'log4j2.xml'), LOG4J2)
    if (!existsSync(join(dir, 'data', 'meta.properties'))) {
      const clusterId = execFileSync('java', java(jars, dir, ['kafka.tools.StorageTool', 'random-uuid']), { encoding: 'utf8' }).trim().split('\n').pop()!
      execFileSync('java', java(jars, dir, ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config, '--ignore-formatted']), { stdio: 'ignore' })
    }
    const logFile = join(dir, 'broker.log')
    writeFileSync(logFile, '')
    const out = openSync(logFile, 'a')
    const child = spawn('java', java(jars, dir, ['kafka.Kafka', config]), { detached: true, stdio: ['ignore', out, out] })
    child.unref()
    this.pid = child.pid!
    writeFileSync(this.pidFile, String(this.pid))
    const deadline = Date.now() + START_TIMEOUT_MS
    while (!readFileSync(logFile, 'utf8').includes(READY)) {
      if (child.exitCode !== null || !alive(this.pid)) throw new Error(`Kafka exited while starting; see ${logFile}`)
      if (Date.now() > deadline) throw new Error(`Kafka did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`)
      await sleep(200)
    }
  }

  /** SIGTERM, then SIGKILL after 10 s; the data stays for the next start. */
  async stop(): Promise<void> {
    const pid = this.pid ?? (existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8')) : undefined)
    if (pid === undefined || !alive(pid)) return
    process.kill(pid, 'SIGTERM')
    const deadline = Date.now() + STOP_GRACE_MS
    while (alive(pid) && Date.now() < deadline) await sleep(100)
    if (alive(pid)) process.kill(pid, 'SIGKILL')
    while (alive(pid)) await sleep(50)
    rmSync(this.pidFile, { force: true })
    this.pid = undefined
  }

  /** Stops the broker and throws its data away. */
  async destroy(): Promise<void> {
    await this.stop()
    rmSync(this.options.dir, { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** `npm run kafka:start` / `kafka:stop`: the development broker on 127.0.0.1:9092, its files under ./.kafka. */
export const DEV_BROKER: DevBrokerOptions = { dir: resolve('.kafka'), port: 9092, controllerPort: 9093 }

if (import.meta.url === `file://${process.argv[1]}`) {
  const broker = new DevBroker(DEV_BROKER)
  const command = process.argv[2]
  if (command === 'start') {
    await broker.start()
    console.log(`Kafka ${KAFKA_VERSION} is up at ${broker.brokers.join(',')} (files in ${DEV_BROKER.dir}); stop it with npm run kafka:stop`)
  } else if (command === 'stop') {
    await broker.destroy()
    console.log('Kafka stopped')
  } else {
    console.error('usage: dev-broker start|stop')
    process.exitCode = 1
  }
}
