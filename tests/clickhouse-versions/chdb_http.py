"""
ClickHouse's HTTP interface in front of a chdb build of one ClickHouse version (PyPI `chdb`), so that callqa's
store talks to it exactly as to a ClickHouse server of that version: its own SQL, query parameters, inserts and
output formats, run by that version's engine. Test infrastructure only (tests/integration/clickhouse-versions.test.ts).

Query parameters are handed to the engine as `SET param_x = '…'` statements before the query: clickhouse-local
(which chdb is) passes them to the engine the way the HTTP handler passes `param_x` URL arguments, and the engine
substitutes them itself, so the version's own substitution bugs show. Insert data is read with FROM INFILE, which
parses it against the table's columns just as an HTTP insert does.

    python chdb_http.py --path DIR   → prints "listening <port>" on stdout, serves 127.0.0.1 until killed
"""

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import chdb

# URL arguments of the HTTP interface that are not settings of the query.
HTTP_ONLY = {
    'query', 'database', 'default_format', 'query_id', 'session_id', 'session_timeout', 'session_check', 'user',
    'password', 'wait_end_of_query', 'enable_http_compression', 'send_progress_in_http_headers',
    'http_headers_progress_interval_ms', 'compress', 'decompress', 'buffer_size', 'role', 'quota_key',
    'http_zlib_compression_level', 'cancel_http_readonly_queries_on_client_close', 'client_protocol_version',
}
INSERT_WITH_FORMAT = re.compile(r'^\s*INSERT\s+INTO\s.*\sFORMAT\s+\w+\s*$', re.IGNORECASE | re.DOTALL)
INSERT_WITH_COLUMNS = re.compile(r'^\s*INSERT\s+INTO\s+[^\s(]+\s*\(', re.IGNORECASE)
ERROR = re.compile(r'Code: (\d+)\.')


def sql_string(value):
    return "'" + value.replace('\\', '\\\\').replace("'", "\\'") + "'"


class Engine:
    """One chdb engine on one data directory; it runs one statement at a time."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.path = path
        # chdb 3+ keeps one connection open; 2.x opens the directory per call.
        if int(chdb.__version__.split('.')[0]) >= 3:
            conn = chdb.connect(path)
            self.run = lambda sql: conn.query(sql, 'TabSeparated')
        else:
            self.run = lambda sql: chdb.query(sql, 'TabSeparated', path=path)

    def execute(self, sql):
        with self.lock:
            result = self.run(sql)
        data = result.bytes() if hasattr(result, 'bytes') else bytes(result)
        return data or b''


def handler(engine, version):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def reply(self, status, body, headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if urlsplit(self.path).path == '/ping':
                return self.reply(200, b'Ok.\n')
            self.do_POST()

        def do_POST(self):
            args = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else self.read_chunked()
            if self.headers.get('Content-Encoding') == 'gzip':
                body = gzip.decompress(body)
            url_query = dict(args).get('query')
            prefix = []
            settings = []
            for name, value in args:
                if name.startswith('param_'):
                    prefix.append(f'SET {name} = {sql_string(value)}')
                elif name not in HTTP_ONLY:
                    settings.append(f'{name} = {sql_string(value)}')
            database = dict(args).get('database')
            if database:
                prefix.append(f'USE `{database}`')
            infile = None
            if url_query is not None and body and INSERT_WITH_FORMAT.match(url_query):
                # An insert's settings (insert_deduplication_token …) go in its own SETTINGS clause, as the HTTP
                # handler applies them to that query alone; chdb 2.x would keep a SET for every later statement.
                clause = f" SETTINGS {', '.join(settings)}" if settings else ''
                if INSERT_WITH_COLUMNS.match(url_query):
                    # 24.8's FROM INFILE reads every column of the table whatever columns the INSERT names (a server
                    # reads the named ones): such an insert gets its data inline, after the query.
                    query = re.sub(r'\sFORMAT\s+(\w+)\s*$', f"{clause} FORMAT \\1", url_query, flags=re.IGNORECASE) + '\n' + body.decode('utf-8')
                else:
                    fd, infile = tempfile.mkstemp(prefix='insert-', dir=engine.path)
                    with os.fdopen(fd, 'wb') as f:
                        f.write(body)
                    query = re.sub(r'\sFORMAT\s+(\w+)\s*$', f" FROM INFILE {sql_string(infile)}{clause} FORMAT \\1", url_query, flags=re.IGNORECASE)
            else:
                prefix += [f'SET {setting}' for setting in settings]
                query = (url_query + '\n' if url_query else '') + body.decode('utf-8')
            query_id = dict(args).get('query_id') or str(uuid.uuid4())
            try:
                data = engine.execute(';\n'.join(prefix + [query.strip().rstrip(';')]))
            except Exception as err:  # chdb raises its engine's exception text
                text = str(err)
                match = ERROR.search(text)
                code = match.group(1) if match else '1000'
                return self.reply(500, f'{text.strip()} (version {version})\n'.encode(), [('X-ClickHouse-Exception-Code', code), ('X-ClickHouse-Query-Id', query_id)])
            finally:
                if infile:
                    os.unlink(infile)
            if os.environ.get('CHDB_HTTP_TRACE'):
                print(f'--- {len(data)} bytes\n{query.strip()[:300]}', file=sys.stderr, flush=True)
            summary = json.dumps({'read_rows': '0', 'read_bytes': '0', 'written_rows': '0', 'written_bytes': '0', 'total_rows_to_read': '0'})
            self.reply(200, data, [('X-ClickHouse-Query-Id', query_id), ('X-ClickHouse-Summary', summary), ('Content-Type', 'text/plain; charset=UTF-8')])

        def read_chunked(self):
            if self.headers.get('Transfer-Encoding', '').lower() != 'chunked':
                return b''
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b';')[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--path', required=True)
    opts = parser.parse_args()
    engine = Engine(opts.path)
    version = engine.execute('SELECT version()').decode().strip()
    server = ThreadingHTTPServer(('127.0.0.1', 0), handler(engine, version))
    print(f'listening {server.server_address[1]} {version}', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
