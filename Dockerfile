# The bouncekit image of compose.yaml: the library, the service and the workers.
# The wheels are built in a stage with a C compiler, so that the image runs the compiled
# modules (setup.py) without carrying the compiler.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[server,queue]'

FROM python:3.11-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels 'bouncekit[server,queue]' && rm -rf /wheels \
    && useradd --system --home /var/lib/bouncekit bouncekit
USER bouncekit
ENTRYPOINT ["bouncekit"]
CMD ["--help"]
