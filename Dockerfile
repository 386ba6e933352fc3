# One image for every instance; the compose file runs two of them behind a load balancer.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV HOST=0.0.0.0 PORT=3000
# Without REDIS_URL the embedded store keeps sessions here: mount a volume (docker run -v dr-data:/data …).
ENV DATA_DIR=/data
EXPOSE 3000
CMD ["npx", "tsx", "server/main.ts"]
