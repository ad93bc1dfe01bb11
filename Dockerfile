# Nærværsløftet bot for a school's own Azure/host. Build: docker build -t naervaer .
# Run (production): docker run -p 3978:3978 --env-file naervaer.env naervaer
# The app package for Teams is built from a source checkout (`naervaer manifest`), not here.
# The base image is pinned to the interpreter the suite runs on (CPython 3.11.7) and Debian 12;
# raise it deliberately, with `make test` on the new version (README "Installs").
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# A system user without a login shell or home of its own; it owns only the data folder.
RUN groupadd --system naervaer \
    && useradd --system --gid naervaer --no-create-home --home-dir /app \
       --shell /usr/sbin/nologin naervaer

WORKDIR /src
# Everything from the lock file, pinned with hashes; then the project without resolving again
# (the lock holds babel over botbuilder's pin, which pip's resolver would refuse).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY dialogs/ dialogs/
COPY reminders/ reminders/
COPY casework/ casework/
COPY content/ content/
COPY storage/ storage/
COPY ops/ ops/
RUN pip install --no-deps . \
    && rm -rf /src

WORKDIR /app
# SQLite here is for trials only; production sets DATABASE_URL to PostgreSQL.
RUN mkdir -p /app/data && chown naervaer:naervaer /app/data
VOLUME ["/app/data"]

ENV HOST=0.0.0.0 \
    PORT=3978 \
    DATABASE_URL=sqlite:////app/data/naervaer.db

USER naervaer
EXPOSE 3978

# python's urllib instead of curl keeps the slim image free of extra packages;
# urlopen raises (exit 1) on any non-2xx answer or a refused connection.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3978') + '/healthz', timeout=4)"]

CMD ["naervaer", "serve"]
