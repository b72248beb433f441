# Tiller image: the Helm v2 release server.
FROM python:3.11-slim

ARG TILLER_GIT_COMMIT=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TILLER_GIT_COMMIT=${TILLER_GIT_COMMIT} \
    TILLER_GIT_TREE_STATE=clean

WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY tiller ./tiller
COPY protos ./protos
RUN pip install --no-cache-dir . && rm -rf /src

# Run as an unprivileged user; Tiller needs no filesystem access beyond its certs.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin tiller
USER 10001

# 44134: gRPC (hapi.services.tiller.ReleaseService); 44135: /readiness and /liveness.
EXPOSE 44134 44135
ENTRYPOINT ["tiller"]
