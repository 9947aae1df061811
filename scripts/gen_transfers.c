/* Fast seeded generator of a plain transfers CSV for the scale benchmark (scripts/bench-scale.sh):
 * the columns of scripts/bench-ingest.sh's file (time,from,to,records,category,mode,amount,batch),
 * ROWS transfers among PARTIES parties named p0000000.., 2025 dates, no self-transfers.
 * Python writes 100M rows in about 20 minutes; this in about one.
 * Usage: gen_transfers ROWS PARTIES SEED > file.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;
static uint64_t next(void) { /* SplitMix64, as Sources/BrokerGraph/Support/SplitMix64.swift */
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t below(uint64_t n) { return (uint64_t)(((__uint128_t)next() * n) >> 64); }

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: gen_transfers ROWS PARTIES SEED\n"); return 2; }
    long long rows = atoll(argv[1]), parties = atoll(argv[2]);
    state = strtoull(argv[3], 0, 10);
    if (parties < 2) parties = 2;
    static const char *categories[] = {"property", "property", "property", "property", "property", "property",
        "other", "other", "other", "other", "other", "credit", "accommodation", "communication_record",
        "whereabouts", "health", "transaction"};
    static const char *modes[] = {"sale", "sale", "sale", "sale", "sale", "sale", "sale", "sale",
        "exchange", "provide", "collect", ""};
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    static char buffer[1 << 20];
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    fputs("time,from,to,records,category,mode,amount,batch\n", stdout);
    long long batches = rows / 5 + 1;
    for (long long i = 0; i < rows; i++) {
        long long a = below(parties), b = below(parties - 1);
        if (b >= a) b++;
        int day = below(365), month = 1;
        while (day >= lengths[month - 1]) { day -= lengths[month - 1]; month++; }
        const char *mode = modes[below(12)];
        if (below(10) == 0) printf("2025-%02d-%02d,", month, day + 1);
        else printf("2025-%02d-%02d %02d:%02d,", month, day + 1, (int)below(24), (int)below(60));
        printf("p%07lld,p%07lld,%d,%s,%s,", a, b, 1 + (int)below(4999), categories[below(17)], mode);
        if (mode[0] == 's') { long long fen = 1 + below(499999); printf("%lld.%02lld", fen / 100, fen % 100); }
        printf(",B%07lld\n", (long long)below(batches));
    }
    return 0;
}
