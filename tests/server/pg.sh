#!/bin/sh
# pg.sh start|restart|stop DIR, pg.sh db DIR NAME: a throwaway PostgreSQL
# server for the tests, in DIR, on a Unix socket there and no TCP port.
# start prints the URI of a fresh database, db that of another; restart
# ends every connection, as an operator's restart or a failover does.  As root, the server runs as the postgres user, since
# PostgreSQL refuses root.  pg.sh dump URI prints a database's dump.
set -eu

cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" != 0 ] || chown postgres "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -A trust -U bti > "$dir/initdb.log" 2>&1
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-k $dir -c listen_addresses=''" start > /dev/null
	as_owner "$bin/createdb" -h "$dir" -U bti bti_test
	echo "postgresql:///bti_test?host=$dir&user=bti"
	;;
db)
	as_owner "$bin/createdb" -h "$dir" -U bti "$3"
	echo "postgresql:///$3?host=$dir&user=bti"
	;;
dump)
	"$bin/pg_dump" "$2"
	;;
restart)
	as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w restart > /dev/null
	;;
stop)
	as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop > /dev/null 2>&1 || true
	rm -rf "$dir"
	;;
esac
