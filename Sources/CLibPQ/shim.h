// libpq, PostgreSQL's C client library (Debian libpq-dev). Only the PQ module imports this.
#include <libpq-fe.h>
