# Yishi in a container: `python bot.py run` as an unprivileged user, the board (and
# /healthz, /metrics) on port 8088, the webhook (when WEBHOOK_URL is set) on 8080.
# Built and run by compose.yaml next to PostgreSQL 15; README "Operating Yishi".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOARD_HOST=0.0.0.0 \
    BOARD_PORT=8088 \
    WEBHOOK_LISTEN_HOST=0.0.0.0 \
    WEBHOOK_LISTEN_PORT=8080 \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app

# The project and its pinned dependencies, from its own files; the code changes more
# often than the dependencies, but pip needs the packages to install the project.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY chat ./chat
COPY emulator ./emulator
COPY handlers ./handlers
COPY models ./models
RUN pip install .
COPY templates ./templates
COPY migrations ./migrations
COPY alembic.ini bot.py community.example.yaml ./

# The SQLite file (when DATABASE_URL is not PostgreSQL) lives in data/, a volume.
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin yishi \
    && mkdir -p /app/data && chown yishi:yishi /app/data
USER yishi
VOLUME ["/app/data"]
EXPOSE 8088 8080

# 200 while receiving, handling, sending and the scheduler all run; 503 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % (os.environ.get('BOARD_PORT') or '8088'), timeout=4)"]

# SIGTERM (docker stop) shuts down like Ctrl-C: what is unsent stays in the outbox.
STOPSIGNAL SIGTERM
CMD ["python", "bot.py", "run"]
