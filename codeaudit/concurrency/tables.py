"""Data tables of the concurrency rules. Qualified names as FileContext.call_name gives them."""

#: Synchronous calls that block the event loop when made inside ``async def``.
BLOCKING_CALLS: dict[str, str] = {
    **{f"requests.{m}": "requests is synchronous; use an async client (httpx.AsyncClient, aiohttp)"
       for m in ("get", "post", "put", "patch", "delete", "head", "options", "request")},
    **{f"httpx.{m}": "httpx module functions are synchronous; use `httpx.AsyncClient`"
       for m in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")},
    "httpx.Client": "httpx.Client is synchronous; use `httpx.AsyncClient`",
    "urllib.request.urlopen": "urlopen blocks; use an async HTTP client",
    "urllib.request.urlretrieve": "urlretrieve blocks; use an async HTTP client",
    "http.client.HTTPConnection": "http.client is synchronous; use an async HTTP client",
    "http.client.HTTPSConnection": "http.client is synchronous; use an async HTTP client",
    "sqlite3.connect": "sqlite3 is synchronous; use aiosqlite or `await asyncio.to_thread(...)`",
    "psycopg2.connect": "psycopg2 is synchronous; use asyncpg / psycopg's AsyncConnection",
    "pymysql.connect": "pymysql is synchronous; use aiomysql / asyncmy",
    "mysql.connector.connect": "mysql.connector is synchronous; use aiomysql / asyncmy",
    "redis.Redis": "redis.Redis is the synchronous client; use `redis.asyncio.Redis`",
    "redis.StrictRedis": "redis.StrictRedis is the synchronous client; use `redis.asyncio.Redis`",
    "redis.from_url": "redis.from_url gives the synchronous client; use `redis.asyncio.from_url`",
    "pymongo.MongoClient": "pymongo is synchronous; use motor / pymongo's AsyncMongoClient",
    "subprocess.run": "subprocess.run blocks until the child exits; use `asyncio.create_subprocess_exec`",
    "subprocess.call": "subprocess.call blocks until the child exits; use `asyncio.create_subprocess_exec`",
    "subprocess.check_call": "subprocess.check_call blocks; use `asyncio.create_subprocess_exec`",
    "subprocess.check_output": "subprocess.check_output blocks; use `asyncio.create_subprocess_exec`",
    "subprocess.getoutput": "subprocess.getoutput blocks; use `asyncio.create_subprocess_shell`",
    "os.system": "os.system blocks until the command exits; use `asyncio.create_subprocess_shell`",
    "os.popen": "os.popen blocks; use `asyncio.create_subprocess_shell`",
    "os.waitpid": "os.waitpid blocks; use asyncio subprocesses",
    "input": "input() blocks the event loop waiting for the terminal; read stdin with `asyncio.to_thread(input)`",
    "socket.create_connection": "a blocking socket connect; use `asyncio.open_connection`",
    "socket.getaddrinfo": "a blocking DNS lookup; use `loop.getaddrinfo`",
    "socket.gethostbyname": "a blocking DNS lookup; use `loop.getaddrinfo`",
    "smtplib.SMTP": "smtplib is synchronous; use aiosmtplib",
    "smtplib.SMTP_SSL": "smtplib is synchronous; use aiosmtplib",
    "ftplib.FTP": "ftplib is synchronous; use `asyncio.to_thread` or an async client",
    "urllib3.request": "urllib3 is synchronous; use an async HTTP client",
    "boto3.client": "boto3 clients are synchronous; use aioboto3 or `asyncio.to_thread`",
}

#: Builtin/pathlib file I/O: blocks too, usually briefly (lower severity).
BLOCKING_FILE_CALLS = frozenset({"open", "io.open", "codecs.open"})
BLOCKING_FILE_METHODS = frozenset({"read_text", "write_text", "read_bytes", "write_bytes"})

#: Calls that return awaitables; a bare call statement drops them.
COROUTINE_APIS = frozenset({
    "asyncio.sleep", "asyncio.wait_for", "asyncio.wait", "asyncio.gather", "asyncio.open_connection",
    "asyncio.start_server", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell",
    "asyncio.to_thread", "asyncio.shield", "asyncio.timeout", "anyio.sleep", "trio.sleep",
    "aiofiles.open", "asyncpg.connect", "asyncpg.create_pool", "aiosqlite.connect",
})  # fmt: skip

TASK_SPAWNERS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
LOOP_RUNNERS = frozenset({"asyncio.run"})
LOOP_METHODS = frozenset({"run_until_complete", "run_forever"})

LOCK_TYPES = frozenset({
    "threading.Lock", "threading.RLock", "multiprocessing.Lock", "multiprocessing.RLock",
    "asyncio.Lock", "threading.Semaphore", "threading.BoundedSemaphore", "threading.Condition",
    "asyncio.Semaphore", "asyncio.Condition",
})  # fmt: skip
THREAD_LOCK_TYPES = frozenset({"threading.Lock", "threading.RLock"})

THREAD_POOLS = frozenset({"concurrent.futures.ThreadPoolExecutor", "multiprocessing.pool.ThreadPool",
                          "multiprocessing.dummy.Pool"})
PROCESS_POOLS = frozenset({"concurrent.futures.ProcessPoolExecutor", "multiprocessing.Pool",
                           "multiprocessing.pool.Pool"})
THREAD_TYPES = frozenset({"threading.Thread", "threading.Timer"})
PROCESS_TYPES = frozenset({"multiprocessing.Process"})
#: Executor/pool methods whose first argument runs on a worker.
SUBMIT_METHODS = frozenset({"submit", "map", "imap", "imap_unordered", "starmap", "apply", "apply_async",
                            "map_async", "starmap_async"})
#: Types whose instances are safe to share with children processes.
PROCESS_SHARED_HINTS = ("Manager", "Queue", "Value", "Array", "JoinableQueue", "SimpleQueue")

#: Methods that mutate a list/dict/set/Counter in place.
MUTATING_METHODS = frozenset({"append", "extend", "insert", "update", "add", "setdefault", "pop", "remove",
                              "clear", "discard", "popitem", "appendleft"})
#: Request methods of async HTTP clients (for session-per-request).
REQUEST_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"})
ASYNC_CLIENTS = frozenset({"aiohttp.ClientSession", "httpx.AsyncClient"})
#: Awaited calls whose sequential use in a loop is deliberate (ordered sinks, one connection).
ORDERED_SINKS = frozenset({"put", "write", "writelines", "drain", "send", "sendall", "execute", "executemany",
                           "commit", "acquire", "wait", "sleep", "join", "publish", "flush", "send_bytes",
                           "fetch", "fetchrow", "fetchval", "wait_for", "get_nowait"})
#: Lifecycle calls on each item of a collection: ordered start-up / shutdown is usually deliberate.
LIFECYCLE_METHODS = frozenset({"start", "stop", "close", "aclose", "cleanup", "shutdown", "wait_closed", "cancel",
                               "join", "release", "setup", "teardown", "terminate", "kill", "disconnect", "connect"})

#: Constructors of synchronous clients: every method call on the result blocks.
SYNC_CLIENT_FACTORIES = frozenset({
    "requests.Session", "requests.session", "httpx.Client", "sqlite3.connect", "psycopg2.connect", "pymysql.connect",
    "mysql.connector.connect", "redis.Redis", "redis.StrictRedis", "redis.from_url", "pymongo.MongoClient",
    "smtplib.SMTP", "smtplib.SMTP_SSL", "ftplib.FTP", "paramiko.SSHClient", "boto3.client",
})  # fmt: skip
QUEUE_TYPES = frozenset({"queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "multiprocessing.Queue"})
SYNC_LOCK_TYPES = frozenset({"threading.Lock", "threading.RLock", "threading.Semaphore", "threading.BoundedSemaphore",
                             "threading.Condition", "multiprocessing.Lock", "multiprocessing.RLock"})
THREAD_BASES = frozenset({"threading.Thread"})

#: asyncio/anyio locks: `async with` them; a `with` on them in async code is not a thread lock.
ASYNC_LOCK_TYPES = frozenset({"asyncio.Lock", "asyncio.Semaphore", "asyncio.BoundedSemaphore", "asyncio.Condition",
                              "anyio.Lock", "anyio.Semaphore", "anyio.Condition", "trio.Lock", "trio.Semaphore"})
#: Calls that create and tear down an event loop each time they run.
LOOP_CREATORS = frozenset({"asyncio.run", "asyncio.new_event_loop"})
#: Decorator attributes that mark a web request handler (run once per request).
ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "api_view",
                              "websocket_route", "view_config"})
#: Exception types a handler may catch around an awaited gather without catching the awaitables' own failures.
NON_TASK_EXCEPTIONS = frozenset({"TimeoutError", "asyncio.TimeoutError", "asyncio.CancelledError", "CancelledError",
                                 "KeyboardInterrupt", "SystemExit", "GeneratorExit"})
#: Writes a daemon thread may be killed in the middle of at interpreter exit.
DURABLE_WRITE_METHODS = frozenset({"write", "writelines", "write_text", "write_bytes", "commit", "executemany",
                                   "insert_one", "insert_many", "update_one", "update_many", "bulk_write",
                                   "replace_one", "upload_file", "put_object", "save"})
DURABLE_WRITE_CALLS = frozenset({"json.dump", "pickle.dump", "yaml.dump", "yaml.safe_dump", "csv.writer",
                                 "shutil.copy", "shutil.copyfile", "shutil.move", "os.replace", "os.rename"})
#: SQL statements that change data (an `execute` whose literal starts with one of these writes).
SQL_WRITE_VERBS = ("insert", "update", "delete", "replace", "upsert", "merge")
