"""Import names of widely used PyPI distributions, and distribution -> import
name pairs that differ. Used so that `import flask` in a loose script is known
to be a real package even when it is neither installed nor declared."""
from __future__ import annotations

#: distribution name (normalised) -> top-level import names, where they differ.
DIST_TO_IMPORTS: dict[str, tuple[str, ...]] = {
    "beautifulsoup4": ("bs4",), "pyyaml": ("yaml",), "scikit-learn": ("sklearn",), "pillow": ("PIL",),
    "python-dateutil": ("dateutil",), "opencv-python": ("cv2",), "opencv-python-headless": ("cv2",),
    "opencv-contrib-python": ("cv2",), "protobuf": ("google",), "pyjwt": ("jwt",), "python-dotenv": ("dotenv",),
    "psycopg2-binary": ("psycopg2",), "psycopg-binary": ("psycopg",), "mysqlclient": ("MySQLdb",),
    "pymysql": ("pymysql",), "python-multipart": ("multipart", "python_multipart"), "attrs": ("attr", "attrs"),
    "pycryptodome": ("Crypto",), "pycryptodomex": ("Cryptodome",), "google-cloud-storage": ("google",),
    "google-api-python-client": ("googleapiclient",), "python-jose": ("jose",), "msgpack-python": ("msgpack",),
    "scikit-image": ("skimage",), "pyserial": ("serial",), "pyzmq": ("zmq",), "pywin32": ("win32api", "win32con", "pywintypes"),
    "python-magic": ("magic",), "typing-extensions": ("typing_extensions",), "setuptools": ("setuptools", "pkg_resources"),
    "discord-py": ("discord",), "python-telegram-bot": ("telegram",), "faiss-cpu": ("faiss",), "faiss-gpu": ("faiss",),
    "tensorflow-cpu": ("tensorflow",), "torch": ("torch",), "pytorch-lightning": ("pytorch_lightning",),
    "sentence-transformers": ("sentence_transformers",), "llama-index": ("llama_index",), "ruamel-yaml": ("ruamel",),
    "websocket-client": ("websocket",), "python-socketio": ("socketio",), "email-validator": ("email_validator",),
    "markdown": ("markdown",), "pymupdf": ("fitz", "pymupdf"), "python-docx": ("docx",), "python-pptx": ("pptx",),
    "pypdf2": ("PyPDF2",), "pygithub": ("github",), "gitpython": ("git",), "azure-storage-blob": ("azure",),
    "azure-identity": ("azure",), "grpcio": ("grpc",), "paho-mqtt": ("paho",), "apache-airflow": ("airflow",),
    "django-rest-framework": ("rest_framework",), "djangorestframework": ("rest_framework",), "pyopenssl": ("OpenSSL",),
    "dnspython": ("dns",), "ldap3": ("ldap3",), "python-ldap": ("ldap",), "pycurl": ("pycurl",), "lxml": ("lxml",),
    "tree-sitter": ("tree_sitter",), "libcst": ("libcst",), "mypy-extensions": ("mypy_extensions",),
}

#: Top-level import names of popular distributions (real packages).
KNOWN_IMPORTS: frozenset[str] = frozenset(
    """
    aiofiles aiohttp aioredis aiosqlite alembic anthropic anyio apscheduler argon2 arrow asgiref asyncpg attr attrs
    authlib autograd azure babel bcrypt bleach blinker boto boto3 botocore bottle bs4 cachetools celery certifi cffi
    chardet charset_normalizer click colorama confluent_kafka coverage crcmod croniter cryptography cv2 cython dask
    databases dataclasses_json dateparser dateutil decouple deepdiff dill discord distro django dns docker docx dotenv
    elasticsearch email_validator emoji fabric falcon faker fakeredis fastapi faiss filelock flake8 flask flask_cors
    flask_login flask_sqlalchemy flask_wtf fsspec gensim geopy gevent git github google googleapiclient gradio graphene
    grpc gunicorn h11 h5py httpcore httplib2 httpx huggingface_hub hypothesis idna imageio importlib_metadata iniconfig
    invoke isort itsdangerous jinja2 jmespath joblib jose jsonschema jwt kafka keras kombu langchain langchain_community
    langchain_core langchain_openai llama_index loguru lxml magic markdown markupsafe marshmallow matplotlib mock
    motor msgpack multipart mypy mysql MySQLdb nacl networkx nltk numba numpy oauthlib openai openpyxl orjson packaging
    paho pandas paramiko passlib pathspec peewee pendulum pexpect pika PIL pkg_resources platformdirs plotly pluggy
    polars prometheus_client prompt_toolkit psutil psycopg psycopg2 pyarrow pyasn1 pycparser pydantic pydantic_settings
    pygments pymongo pymysql pynput pyodbc pyparsing pypdf PyPDF2 pyperclip pyquery pyramid pytest pytz pyzmq qrcode
    quart rapidfuzz ratelimit redis regex reportlab requests requests_oauthlib responses retry retrying rich ruamel rsa
    s3fs s3transfer schedule scipy scrapy seaborn selenium sentry_sdk setuptools shapely simplejson six sklearn slack_sdk
    smart_open sniffio spacy sqlalchemy sqlmodel starlette statsmodels stripe structlog sympy tabulate tenacity
    tensorflow termcolor textblob tiktoken toml tomli tomlkit toolz torch torchvision tornado tqdm transformers trio
    twilio typer typing_extensions tzdata tzlocal ujson urllib3 uvicorn uvloop validators vcr waitress watchdog
    websocket websockets werkzeug wheel wrapt wtforms xgboost xlrd xlsxwriter xmltodict yaml yarl zmq zope lightgbm
    catboost optuna mlflow wandb ray datasets accelerate peft sentence_transformers chromadb pinecone qdrant_client
    weaviate cohere groq mistralai google_genai vertexai litellm instructor tenacity backoff ddtrace opentelemetry
    sqlparse psycopg_pool clickhouse_connect snowflake duckdb pyspark great_expectations pandera pyodide streamlit
    dash bokeh altair folium geopandas rasterio fiona pyproj skimage imutils albumentations timm einops jax flax optax
    nest_asyncio ipywidgets IPython jupyter notebook nbformat ipykernel pexpect ptyprocess sh plumbum docopt fire
    aiosmtplib aiokafka aio_pika aiobotocore aiodns aiocache aiormq aiomysql aiopg aiohttp_cors aiohttp_session
    aiogram aioboto3 aiostream aiorwlock aiomultiprocess asyncssh asyncclick httptools msal jwcrypto itsdangerous
    geoip2 maxminddb phonenumbers pycountry babel unidecode slugify python_slugify inflect humanize dateparser
    feedparser newspaper markdownify html2text trafilatura readability playwright pyppeteer mechanize
    boto3_stubs mypy_boto3_s3 smbprotocol pysftp ftputil sshtunnel netaddr netifaces scapy nmap pyshark
    kubernetes openshift hvac consul etcd3 zookeeper kazoo pymemcache memcache pylibmc diskcache cachelib
    sqlalchemy_utils flask_migrate flask_restful flask_jwt_extended flask_limiter flask_caching flask_mail
    django_filters corsheaders rest_framework_simplejwt channels daphne strawberry ariadne graphql
    pydantic_core annotated_types email_validator python_multipart multipart jinja2_time weasyprint xhtml2pdf
    fpdf pdfkit pdfplumber camelot tabula docx2txt openpyxl pyxlsb odf xlwt pyexcel
    prophet pmdarima sktime tsfresh shap lime eli5 imblearn category_encoders featuretools
    nltk gensim spacy transformers tokenizers sentencepiece
    environs dynaconf hydra omegaconf jsonpickle cattrs msgspec simdjson ujson orjson rapidjson cbor2 avro fastavro
    """.split()
)


def import_names_for(dist: str) -> tuple[str, ...]:
    """Import names a distribution provides (best effort, offline)."""
    from codeaudit.knowledge.environment import normalise

    key = normalise(dist)
    if key in DIST_TO_IMPORTS:
        return DIST_TO_IMPORTS[key]
    return (key.replace("-", "_"),)
