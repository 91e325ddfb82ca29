# The bouncekit image of compose.yaml: the library, the service and the workers.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir '.[server,queue]' && useradd --system --home /var/lib/bouncekit bouncekit
USER bouncekit
ENTRYPOINT ["bouncekit"]
CMD ["--help"]
