"""The framework catalog: exact package names and import roots → frameworks and their needs.

Reviewed like data, tested for shape (tests/test_catalog.py). Names are matched exactly, never
as substrings: a package matches a catalog name when it is that name; an import matches a root
when it is that root or starts with it followed by the ecosystem's separator (`django.db`
matches `django`; `aws` never matches `ws`). See analyzer/code/frameworks.py for the matching.

Ecosystems are the design's stack ids: node, python, go, java (JVM: Java and Kotlin), ruby, php,
dotnet, rust. `packages` holds what a manifest declares (Maven: `group:artifact`, or a bare
group for every artifact in it; Go: a module path; NuGet: a package id or a dotted prefix).
`imports` holds what the code imports when it differs from the package name (Python's
`scikit-learn` is imported as `sklearn`); for node, go, ruby, dotnet and rust the package names
are also the import roots. The first need is the framework's main one (see
analyzer/code/workload.py for the weights).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

ECOSYSTEMS: tuple[str, ...] = ("node", "python", "go", "java", "ruby", "php", "dotnet", "rust")
CATEGORIES: tuple[str, ...] = (
    "web", "realtime", "data-ml", "cpu-heavy", "messaging", "database", "infra", "runtime",
)  # fmt: skip
NEEDS: tuple[str, ...] = ("api", "realtime", "data-ml", "cpu-heavy", "high-throughput", "infra")


class Framework(NamedTuple):
    id: str
    name: str
    category: str  # one of CATEGORIES
    needs: tuple[str, ...]  # NEEDS it is evidence for, the main one first; () for none
    packages: Mapping[str, tuple[str, ...]]  # ecosystem -> exact package names
    imports: Mapping[str, tuple[str, ...]] = {}  # ecosystem -> import roots, when they differ


F = Framework
API = ("api",)
FAST_API = ("api", "high-throughput")
REALTIME = ("realtime",)
DATA = ("data-ml",)
CPU = ("cpu-heavy",)
INFRA = ("infra",)

FRAMEWORKS: tuple[Framework, ...] = (
    # Web frameworks: ordinary business APIs; the lean, fast ones also hint at throughput.
    F("django", "Django", "web", API, {"python": ("django",)}),
    F("django-rest-framework", "Django REST framework", "web", API,
      {"python": ("djangorestframework",)}, {"python": ("rest_framework",)}),
    F("flask", "Flask", "web", API, {"python": ("flask",)}),
    F("fastapi", "FastAPI", "web", API, {"python": ("fastapi",)}),
    F("starlette", "Starlette", "web", API, {"python": ("starlette",)}),
    F("aiohttp", "aiohttp", "web", ("api", "realtime"), {"python": ("aiohttp",)}),
    F("tornado", "Tornado", "web", ("api", "realtime"), {"python": ("tornado",)}),
    F("sanic", "Sanic", "web", FAST_API, {"python": ("sanic",)}),
    F("litestar", "Litestar", "web", API, {"python": ("litestar",)}),
    F("pyramid", "Pyramid", "web", API, {"python": ("pyramid",)}),
    F("express", "Express", "web", API, {"node": ("express",)}),
    F("fastify", "Fastify", "web", FAST_API, {"node": ("fastify",)}),
    F("nestjs", "NestJS", "web", API, {"node": ("@nestjs/core", "@nestjs/common")}),
    F("koa", "Koa", "web", API, {"node": ("koa",)}),
    F("hapi", "hapi", "web", API, {"node": ("@hapi/hapi",)}),
    F("hono", "Hono", "web", FAST_API, {"node": ("hono",)}),
    F("nextjs", "Next.js", "web", API, {"node": ("next",)}),
    F("gin", "Gin", "web", FAST_API, {"go": ("github.com/gin-gonic/gin",)}),
    F("echo", "Echo", "web", FAST_API, {"go": ("github.com/labstack/echo",)}),
    F("fiber", "Fiber", "web", FAST_API, {"go": ("github.com/gofiber/fiber",)}),
    F("chi", "chi", "web", FAST_API, {"go": ("github.com/go-chi/chi",)}),
    F("gorilla-mux", "gorilla/mux", "web", API, {"go": ("github.com/gorilla/mux",)}),
    F("fasthttp", "fasthttp", "web", ("high-throughput", "api"),
      {"go": ("github.com/valyala/fasthttp",)}),
    F("spring-boot", "Spring Boot", "web", API,
      {"java": ("org.springframework.boot",)}, {"java": ("org.springframework.boot",)}),
    F("spring-webflux", "Spring WebFlux", "web", ("api", "high-throughput"),
      {"java": ("org.springframework.boot:spring-boot-starter-webflux",
                "org.springframework:spring-webflux")},
      {"java": ("org.springframework.web.reactive",)}),
    F("quarkus", "Quarkus", "web", FAST_API, {"java": ("io.quarkus",)}, {"java": ("io.quarkus",)}),
    F("micronaut", "Micronaut", "web", FAST_API,
      {"java": ("io.micronaut",)}, {"java": ("io.micronaut",)}),
    F("vertx", "Vert.x", "web", ("high-throughput", "realtime"),
      {"java": ("io.vertx",)}, {"java": ("io.vertx",)}),
    F("netty", "Netty", "runtime", ("high-throughput", "realtime"),
      {"java": ("io.netty",)}, {"java": ("io.netty",)}),
    F("ktor", "Ktor", "web", API, {"java": ("io.ktor",)}, {"java": ("io.ktor",)}),
    F("rails", "Ruby on Rails", "web", API, {"ruby": ("rails", "railties")}),
    F("sinatra", "Sinatra", "web", API, {"ruby": ("sinatra",)}),
    F("hanami", "Hanami", "web", API, {"ruby": ("hanami",)}),
    F("grape", "Grape", "web", API, {"ruby": ("grape",)}),
    F("laravel", "Laravel", "web", API,
      {"php": ("laravel/framework", "laravel/lumen-framework")}, {"php": ("Illuminate",)}),
    F("symfony", "Symfony", "web", API,
      {"php": ("symfony/framework-bundle", "symfony/http-kernel")},
      {"php": ("Symfony\\Component\\HttpKernel", "Symfony\\Bundle\\FrameworkBundle")}),
    F("slim", "Slim", "web", API, {"php": ("slim/slim",)}, {"php": ("Slim",)}),
    F("aspnet-core", "ASP.NET Core", "web", API,
      {"dotnet": ("Microsoft.AspNetCore", "Microsoft.NET.Sdk.Web")},
      {"dotnet": ("Microsoft.AspNetCore",)}),
    F("actix-web", "Actix Web", "web", FAST_API, {"rust": ("actix-web",)}),
    F("axum", "Axum", "web", FAST_API, {"rust": ("axum",)}),
    F("rocket", "Rocket", "web", API, {"rust": ("rocket",)}),
    F("warp", "warp", "web", FAST_API, {"rust": ("warp",)}),
    # Real time: many concurrent connections, websockets, server push.
    F("socket-io", "Socket.IO", "realtime", REALTIME,
      {"node": ("socket.io", "socket.io-client"),
       "python": ("python-socketio", "flask-socketio")},
      {"python": ("socketio", "flask_socketio")}),
    F("ws", "ws", "realtime", REALTIME, {"node": ("ws",)}),
    F("uwebsockets", "uWebSockets.js", "realtime", ("realtime", "high-throughput"),
      {"node": ("uWebSockets.js",)}),
    F("websockets", "websockets", "realtime", REALTIME, {"python": ("websockets",)}),
    F("django-channels", "Django Channels", "realtime", REALTIME, {"python": ("channels",)}),
    F("gorilla-websocket", "gorilla/websocket", "realtime", REALTIME,
      {"go": ("github.com/gorilla/websocket",)}),
    F("nhooyr-websocket", "nhooyr websocket", "realtime", REALTIME,
      {"go": ("nhooyr.io/websocket", "github.com/coder/websocket")}),
    F("actioncable", "Action Cable", "realtime", REALTIME,
      {"ruby": ("actioncable", "anycable")}, {"ruby": ("action_cable", "anycable")}),
    F("ratchet", "Ratchet", "realtime", REALTIME,
      {"php": ("cboden/ratchet",)}, {"php": ("Ratchet",)}),
    F("swoole", "Swoole", "realtime", ("realtime", "high-throughput"),
      {"php": ("swoole/ide-helper", "openswoole/core")}, {"php": ("Swoole", "OpenSwoole")}),
    F("signalr", "SignalR", "realtime", REALTIME,
      {"dotnet": ("Microsoft.AspNetCore.SignalR",)}, {"dotnet": ("Microsoft.AspNetCore.SignalR",)}),
    F("spring-websocket", "Spring WebSocket", "realtime", REALTIME,
      {"java": ("org.springframework.boot:spring-boot-starter-websocket",
                "org.springframework:spring-websocket")},
      {"java": ("org.springframework.web.socket",)}),
    F("tokio-tungstenite", "tungstenite", "realtime", REALTIME,
      {"rust": ("tokio-tungstenite", "tungstenite")}),
    F("grpc", "gRPC", "runtime", ("high-throughput", "api"),
      {"go": ("google.golang.org/grpc",), "python": ("grpcio",), "node": ("@grpc/grpc-js",),
       "java": ("io.grpc",), "rust": ("tonic",), "dotnet": ("Grpc.AspNetCore",)},
      {"python": ("grpc",), "java": ("io.grpc",)}),
    F("tokio", "Tokio", "runtime", ("high-throughput",), {"rust": ("tokio",)}),
    F("uvloop", "uvloop", "runtime", ("high-throughput",), {"python": ("uvloop",)}),
    # Data, ML and AI.
    F("numpy", "NumPy", "data-ml", ("data-ml", "cpu-heavy"), {"python": ("numpy",)}),
    F("pandas", "pandas", "data-ml", DATA, {"python": ("pandas",)}),
    F("polars", "Polars", "data-ml", DATA, {"python": ("polars",), "rust": ("polars",)}),
    F("scipy", "SciPy", "data-ml", ("data-ml", "cpu-heavy"), {"python": ("scipy",)}),
    F("scikit-learn", "scikit-learn", "data-ml", DATA,
      {"python": ("scikit-learn", "sklearn")}, {"python": ("sklearn",)}),
    F("pytorch", "PyTorch", "data-ml", ("data-ml", "cpu-heavy"), {"python": ("torch",)}),
    F("tensorflow", "TensorFlow", "data-ml", ("data-ml", "cpu-heavy"),
      {"python": ("tensorflow", "tensorflow-cpu", "tensorflow-gpu"),
       "node": ("@tensorflow/tfjs", "@tensorflow/tfjs-node")},
      {"python": ("tensorflow",)}),
    F("jax", "JAX", "data-ml", ("data-ml", "cpu-heavy"), {"python": ("jax",)}),
    F("keras", "Keras", "data-ml", DATA, {"python": ("keras",)}),
    F("xgboost", "XGBoost", "data-ml", DATA, {"python": ("xgboost",)}),
    F("transformers", "Hugging Face Transformers", "data-ml", DATA, {"python": ("transformers",)}),
    F("openai", "OpenAI SDK", "data-ml", DATA,
      {"python": ("openai",), "node": ("openai",), "go": ("github.com/sashabaranov/go-openai",)}),
    F("anthropic", "Anthropic SDK", "data-ml", DATA,
      {"python": ("anthropic",), "node": ("@anthropic-ai/sdk",)}),
    F("langchain", "LangChain", "data-ml", DATA,
      {"python": ("langchain", "langchain-core", "langchain-community"),
       "node": ("langchain", "@langchain/core")},
      {"python": ("langchain", "langchain_core", "langchain_community")}),
    F("llama-index", "LlamaIndex", "data-ml", DATA,
      {"python": ("llama-index",)}, {"python": ("llama_index",)}),
    F("spark", "Apache Spark", "data-ml", DATA,
      {"python": ("pyspark",), "java": ("org.apache.spark",)},
      {"python": ("pyspark",), "java": ("org.apache.spark",)}),
    F("dask", "Dask", "data-ml", DATA, {"python": ("dask",)}),
    F("airflow", "Apache Airflow", "data-ml", DATA,
      {"python": ("apache-airflow",)}, {"python": ("airflow",)}),
    F("dl4j", "Deeplearning4j", "data-ml", DATA,
      {"java": ("org.deeplearning4j",)}, {"java": ("org.deeplearning4j",)}),
    F("mlnet", "ML.NET", "data-ml", DATA, {"dotnet": ("Microsoft.ML",)}),
    F("candle", "Candle", "data-ml", DATA, {"rust": ("candle-core",)}),
    # CPU-heavy: image and media work, numeric kernels.
    F("pillow", "Pillow", "cpu-heavy", CPU, {"python": ("pillow",)}, {"python": ("PIL",)}),
    F("opencv", "OpenCV", "cpu-heavy", ("cpu-heavy", "data-ml"),
      {"python": ("opencv-python", "opencv-python-headless", "opencv-contrib-python"),
       "java": ("org.openpnp:opencv",), "go": ("gocv.io/x/gocv",)},
      {"python": ("cv2",), "java": ("org.opencv",)}),
    F("numba", "Numba", "cpu-heavy", CPU, {"python": ("numba",)}),
    F("ffmpeg", "FFmpeg bindings", "cpu-heavy", CPU,
      {"python": ("ffmpeg-python", "av", "moviepy"),
       "node": ("fluent-ffmpeg", "@ffmpeg/ffmpeg", "ffmpeg-static")},
      {"python": ("ffmpeg", "av", "moviepy")}),
    F("sharp", "sharp", "cpu-heavy", CPU, {"node": ("sharp",)}),
    F("jimp", "Jimp", "cpu-heavy", CPU, {"node": ("jimp",)}),
    F("imagemagick", "ImageMagick bindings", "cpu-heavy", CPU,
      {"ruby": ("rmagick", "mini_magick"), "php": ("intervention/image",),
       "dotnet": ("Magick.NET-Q16-AnyCPU",)},
      {"ruby": ("rmagick", "mini_magick"), "php": ("Intervention\\Image",)}),
    F("imaging-go", "imaging", "cpu-heavy", CPU, {"go": ("github.com/disintegration/imaging",)}),
    F("imagesharp", "ImageSharp", "cpu-heavy", CPU, {"dotnet": ("SixLabors.ImageSharp",)}),
    F("rayon", "Rayon", "cpu-heavy", CPU, {"rust": ("rayon",)}),
    F("image-rs", "image", "cpu-heavy", CPU, {"rust": ("image",)}),
    F("gonum", "Gonum", "cpu-heavy", ("cpu-heavy", "data-ml"), {"go": ("gonum.org/v1/gonum",)}),
    # Messaging and streaming platforms.
    F("kafka", "Apache Kafka client", "messaging", ("high-throughput", "realtime"),
      {"node": ("kafkajs",), "python": ("kafka-python", "confluent-kafka", "aiokafka"),
       "go": ("github.com/segmentio/kafka-go", "github.com/confluentinc/confluent-kafka-go",
              "github.com/IBM/sarama", "github.com/Shopify/sarama"),
       "java": ("org.apache.kafka", "org.springframework.kafka"), "ruby": ("ruby-kafka", "rdkafka"),
       "dotnet": ("Confluent.Kafka",), "rust": ("rdkafka",)},
      {"python": ("kafka", "confluent_kafka", "aiokafka"),
       "java": ("org.apache.kafka", "org.springframework.kafka")}),
    F("rabbitmq", "RabbitMQ client", "messaging", ("high-throughput",),
      {"node": ("amqplib",), "python": ("pika", "aio-pika"),
       "go": ("github.com/rabbitmq/amqp091-go", "github.com/streadway/amqp"),
       "java": ("com.rabbitmq",), "ruby": ("bunny",), "php": ("php-amqplib/php-amqplib",),
       "dotnet": ("RabbitMQ.Client",), "rust": ("lapin",)},
      {"python": ("pika", "aio_pika"), "java": ("com.rabbitmq",), "php": ("PhpAmqpLib",)}),
    F("nats", "NATS", "messaging", ("high-throughput", "realtime"),
      {"node": ("nats",), "python": ("nats-py",), "go": ("github.com/nats-io/nats.go",)},
      {"python": ("nats",)}),
    F("celery", "Celery", "messaging", ("data-ml",), {"python": ("celery",)}),
    F("sidekiq", "Sidekiq", "messaging", (), {"ruby": ("sidekiq",)}),
    F("bullmq", "BullMQ", "messaging", (), {"node": ("bullmq", "bull")}),
    # Databases (reported; not evidence for a need by themselves).
    F("postgresql", "PostgreSQL client", "database", (),
      {"node": ("pg",), "python": ("psycopg2", "psycopg2-binary", "psycopg", "asyncpg"),
       "go": ("github.com/lib/pq", "github.com/jackc/pgx"), "java": ("org.postgresql",),
       "ruby": ("pg",), "dotnet": ("Npgsql",), "rust": ("tokio-postgres",)},
      {"python": ("psycopg2", "psycopg", "asyncpg"), "java": ("org.postgresql",)}),
    F("mysql", "MySQL client", "database", (),
      {"node": ("mysql", "mysql2"), "python": ("pymysql", "mysqlclient"),
       "go": ("github.com/go-sql-driver/mysql",), "java": ("mysql", "com.mysql"),
       "ruby": ("mysql2",)},
      {"python": ("pymysql", "MySQLdb"), "java": ("com.mysql",)}),
    F("mongodb", "MongoDB client", "database", (),
      {"node": ("mongodb", "mongoose"), "python": ("pymongo", "motor"),
       "go": ("go.mongodb.org/mongo-driver",), "java": ("org.mongodb",), "ruby": ("mongoid",),
       "dotnet": ("MongoDB.Driver",), "rust": ("mongodb",)},
      {"python": ("pymongo", "motor"), "java": ("com.mongodb",)}),
    F("redis", "Redis client", "database", (),
      {"node": ("redis", "ioredis"), "python": ("redis",),
       "go": ("github.com/redis/go-redis", "github.com/go-redis/redis"),
       "java": ("redis.clients", "io.lettuce"), "ruby": ("redis",), "php": ("predis/predis",),
       "dotnet": ("StackExchange.Redis",), "rust": ("redis",)},
      {"java": ("redis.clients", "io.lettuce"), "php": ("Predis",)}),
    F("sqlalchemy", "SQLAlchemy", "database", (), {"python": ("sqlalchemy",)}),
    F("prisma", "Prisma", "database", (), {"node": ("@prisma/client",)}),
    F("typeorm", "TypeORM", "database", (), {"node": ("typeorm",)}),
    F("gorm", "GORM", "database", (), {"go": ("gorm.io/gorm",)}),
    F("hibernate", "Hibernate", "database", (),
      {"java": ("org.hibernate", "org.hibernate.orm")}, {"java": ("org.hibernate",)}),
    F("entity-framework", "Entity Framework Core", "database", (),
      {"dotnet": ("Microsoft.EntityFrameworkCore",)}),
    F("diesel", "Diesel", "database", (), {"rust": ("diesel",)}),
    F("sqlx", "SQLx", "database", (), {"rust": ("sqlx",), "go": ("github.com/jmoiron/sqlx",)}),
    F("doctrine", "Doctrine ORM", "database", (),
      {"php": ("doctrine/orm",)}, {"php": ("Doctrine",)}),
    F("elasticsearch", "Elasticsearch client", "database", (),
      {"node": ("@elastic/elasticsearch",), "python": ("elasticsearch",),
       "go": ("github.com/elastic/go-elasticsearch",)}),
    # Infrastructure: cloud APIs, operators, infrastructure as code, CLIs.
    F("client-go", "Kubernetes client-go", "infra", INFRA,
      {"go": ("k8s.io/client-go", "k8s.io/apimachinery")}),
    F("controller-runtime", "controller-runtime", "infra", INFRA,
      {"go": ("sigs.k8s.io/controller-runtime",)}),
    F("kubernetes-client", "Kubernetes client", "infra", INFRA,
      {"python": ("kubernetes",), "node": ("@kubernetes/client-node",),
       "java": ("io.kubernetes", "io.fabric8"), "rust": ("kube",), "dotnet": ("KubernetesClient",)},
      {"java": ("io.kubernetes", "io.fabric8")}),
    F("terraform", "Terraform", "infra", INFRA,
      {"go": ("github.com/hashicorp/terraform-plugin-sdk",
              "github.com/hashicorp/terraform-plugin-framework",
              "github.com/hashicorp/terraform-exec"),
       "node": ("cdktf",), "python": ("cdktf",)}),
    F("pulumi", "Pulumi", "infra", INFRA,
      {"go": ("github.com/pulumi/pulumi/sdk",), "node": ("@pulumi/pulumi",),
       "python": ("pulumi",), "dotnet": ("Pulumi",)}),
    F("aws-cdk", "AWS CDK", "infra", INFRA,
      {"node": ("aws-cdk-lib",), "python": ("aws-cdk-lib",), "java": ("software.amazon.awscdk",)},
      {"python": ("aws_cdk",), "java": ("software.amazon.awscdk",)}),
    F("docker-sdk", "Docker SDK", "infra", INFRA,
      {"go": ("github.com/docker/docker",), "python": ("docker",), "node": ("dockerode",)}),
    F("cobra", "Cobra", "infra", INFRA, {"go": ("github.com/spf13/cobra",)}),
    F("boto3", "AWS SDK", "infra", INFRA,
      {"python": ("boto3", "aiobotocore"), "node": ("aws-sdk",),
       "go": ("github.com/aws/aws-sdk-go", "github.com/aws/aws-sdk-go-v2"),
       "java": ("software.amazon.awssdk", "com.amazonaws"), "ruby": ("aws-sdk",),
       "php": ("aws/aws-sdk-php",), "dotnet": ("AWSSDK.Core",),
       "rust": ("aws-sdk-s3", "aws-config")},
      {"python": ("boto3", "aiobotocore"), "java": ("software.amazon.awssdk", "com.amazonaws"),
       "php": ("Aws",)}),
)  # fmt: skip

# npm's scoped AWS SDK v3 packages (@aws-sdk/client-*) are many; they count as the AWS SDK too.
PACKAGE_SCOPES: Mapping[str, Mapping[str, str]] = {
    "node": {"@aws-sdk/": "boto3", "@google-cloud/": "google-cloud", "@azure/": "azure-sdk"},
}

# Infrastructure files, by what a path is (Kubernetes manifests need their content: see
# KUBERNETES_MARKERS). Each is an infra framework of its own.
INFRA_FILES: tuple[Framework, ...] = (
    F("docker", "Docker", "infra", INFRA, {}),
    F("docker-compose", "Docker Compose", "infra", INFRA, {}),
    F("kubernetes", "Kubernetes manifests", "infra", INFRA, {}),
    F("helm", "Helm charts", "infra", INFRA, {}),
    F("terraform-files", "Terraform configuration", "infra", INFRA, {}),
    F("pulumi-project", "Pulumi project", "infra", INFRA, {}),
)
INFRA_FILE_NAMES: Mapping[str, str] = {
    "Dockerfile": "docker",
    "Containerfile": "docker",
    "docker-compose.yml": "docker-compose",
    "docker-compose.yaml": "docker-compose",
    "compose.yml": "docker-compose",
    "compose.yaml": "docker-compose",
    "Chart.yaml": "helm",
    "Pulumi.yaml": "pulumi-project",
}
INFRA_FILE_SUFFIXES: Mapping[str, str] = {
    ".dockerfile": "docker",
    ".tf": "terraform-files",
    ".tofu": "terraform-files",
}
# A YAML document is a Kubernetes manifest when it has both keys at the start of a line.
KUBERNETES_MARKERS: tuple[bytes, bytes] = (b"apiVersion:", b"kind:")

# More frameworks known only by a scope (PACKAGE_SCOPES) rather than by a package.
SCOPE_FRAMEWORKS: tuple[Framework, ...] = (
    F("google-cloud", "Google Cloud SDK", "infra", INFRA, {}),
    F("azure-sdk", "Azure SDK", "infra", INFRA, {}),
)
