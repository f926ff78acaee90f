# Build: a release binary with the migrations and templates compiled in.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY templates ./templates
COPY migrations ./migrations
COPY static ./static
RUN cargo build --release --locked

# Run: a small image with the binary and the static files.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/release/hotline /app/hotline
COPY static /app/static
ENV BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///app/data/hotline.db
EXPOSE 8080
VOLUME ["/app/data"]
CMD ["/app/hotline"]
