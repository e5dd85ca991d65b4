// @wpfleet/lab: real WordPress hosts on loopback addresses (sshd, MariaDB, PHP, nginx, WordPress).
export {};
