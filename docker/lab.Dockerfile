# The wpfleet lab in one container, for machines with Docker: the same bootstrap and the same
# `pnpm lab up` as on a bare Debian 12 machine (node:20-bookworm is Debian 12 with Node 20).
FROM node:20-bookworm
WORKDIR /wpfleet
COPY . .
# bootstrap.sh installs the Debian packages (MariaDB, PHP, OpenSSH, nginx, WordPress 6.1.9...) and builds.
RUN bash scripts/bootstrap.sh
ENV WPFLEET_LAB_DIR=/tmp/wpfleet-lab
ENTRYPOINT ["bash", "docker/lab-entrypoint.sh"]
