# iotsec as a container: `docker run --rm -v "$PWD:/work" iotsec assess model.yaml -o out`.
# Build stage: compile and keep only the runtime dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV PUPPETEER_SKIP_DOWNLOAD=1
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY catalogs ./catalogs
COPY templates ./templates
COPY schema ./schema
COPY docs ./docs
RUN npm run build && npm prune --omit=dev

# Runtime: Debian's Chromium and fonts, a non-root user, the working directory mounted at /work.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV PUPPETEER_SKIP_DOWNLOAD=1 \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
    IOTSEC_CHROMIUM_NO_SANDBOX=1 \
    NODE_ENV=production
WORKDIR /opt/iotsec
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/catalogs ./catalogs
COPY --from=build /src/templates ./templates
COPY --from=build /src/schema ./schema
COPY --from=build /src/docs ./docs
RUN ln -s /opt/iotsec/dist/cli/main.js /usr/local/bin/iotsec
USER node
WORKDIR /work
ENTRYPOINT ["iotsec"]
CMD ["--help"]
