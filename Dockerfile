# Build: a release binary with the migrations, templates and translations
# compiled in.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY templates ./templates
COPY locales ./locales
COPY migrations ./migrations
COPY reference ./reference
COPY static ./static
RUN cargo build --release --locked --bin hotline

# Run: a small image with the binary, the static files and the CJK font
# written notices are drawn with (fonts-noto-cjk), as an unprivileged user
# that owns only the data folder.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-log-init --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin hotline
WORKDIR /app
COPY --from=build /src/target/release/hotline /app/hotline
COPY static /app/static
# Owned before VOLUME, so that a new named volume starts out writable.
RUN mkdir -p /app/data && chown hotline:hotline /app/data
ENV BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///app/data/hotline.db
EXPOSE 8080
VOLUME ["/app/data"]
USER hotline
# The port is the one BIND names; /healthz answers 503 when the database does not.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS --max-time 4 -o /dev/null "http://127.0.0.1:${BIND##*:}/healthz" || exit 1
CMD ["/app/hotline"]
