/* The ingest's floor: a bare INSERT loop of stored transfer rows (the 16 columns of `transfers`,
   typed binds, SQLITE_STATIC, WAL and one transaction as the ingest has them), from rows already in
   memory, so only SQLite's part is timed. Input: the sqlite3 shell's CSV dump of a case's rows
     sqlite3 -csv case.sqlite "SELECT row_id, ingest_id, line, time, time_earliest, time_latest, from_party,
       to_party, records, category, mode, amount_fen, batch, channel, evidence, note FROM transfers" > wide.csv
   (plain generated rows: no doubled quotes). Usage: cc -O2 -o insert_floor scripts/insert_floor.c -lsqlite3;
   ./insert_floor wide.csv out.sqlite (out.sqlite must not exist). Prints the loop's CPU time. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static int isint[16] = {0,1,1,0,1,1,1,1,1,0,0,1,0,0,0,0};
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb"); fseek(f, 0, SEEK_END); long n = ftell(f); rewind(f);
  char *buf = malloc(n + 1); fread(buf, 1, n, f); buf[n] = 0;
  long rows = 0; for (long i = 0; i < n; i++) if (buf[i] == '\n') rows++;
  char **text = malloc(sizeof(char *) * rows * 16); int *len = malloc(sizeof(int) * rows * 16);
  long long *num = malloc(sizeof(long long) * rows * 16);
  char *p = buf;
  for (long r = 0; r < rows; r++) for (int c = 0; c < 16; c++) {
    char *s = p; if (*s == '"') { s++; p = strchr(s, '"'); *p = 0; p += 2; } else { while (*p != ',' && *p != '\n') p++; *p++ = 0; }
    text[r * 16 + c] = s; len[r * 16 + c] = (int)strlen(s); num[r * 16 + c] = atoll(s);
  }
  sqlite3 *db; sqlite3_open(argv[2], &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
    "CREATE TABLE transfers(id INTEGER PRIMARY KEY, row_id TEXT, ingest_id INTEGER NOT NULL, line INTEGER NOT NULL, time TEXT NOT NULL,"
    " time_earliest INTEGER NOT NULL, time_latest INTEGER NOT NULL, from_party INTEGER NOT NULL, to_party INTEGER NOT NULL,"
    " records INTEGER NOT NULL, category TEXT NOT NULL, mode TEXT NOT NULL, amount_fen INTEGER, batch TEXT, channel TEXT, evidence TEXT, note TEXT);", 0, 0, 0);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "INSERT INTO transfers(row_id, ingest_id, line, time, time_earliest, time_latest, from_party, to_party,"
    " records, category, mode, amount_fen, batch, channel, evidence, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, 0);
  clock_t t0 = clock();
  sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0);
  for (long r = 0; r < rows; r++) {
    for (int c = 0; c < 16; c++) {
      long k = r * 16 + c;
      if (len[k] == 0) sqlite3_bind_null(st, c + 1);
      else if (isint[c]) sqlite3_bind_int64(st, c + 1, num[k]);
      else sqlite3_bind_text(st, c + 1, text[k], len[k], SQLITE_STATIC);
    }
    if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
    sqlite3_reset(st);
  }
  sqlite3_exec(db, "COMMIT", 0, 0, 0);
  sqlite3_finalize(st); sqlite3_close(db);
  printf("bare insert of %ld rows: %.2f s CPU (insert loop, commit and checkpoint)\n", rows, (double)(clock() - t0) / CLOCKS_PER_SEC);
  return 0;
}
