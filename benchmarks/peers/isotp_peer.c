/*
 * The C peer of the isotp-channels benchmark: the kernel's ISO-TP socket with nothing in between, the limit every
 * other peer is compared with. Same socket calls as the Java and Python peers: socket, setsockopt, bind, send, recv.
 *
 * Usage: isotp_peer IFACE WARMUP_MS DURATION_MS TASK...
 *   tput:SIZE          one thread sends a SIZE-byte PDU on channel A and receives it on channel B, repeatedly
 *   lat:REQ:ANS        round trips: REQ bytes to a responder thread, ANS bytes back
 *   pairs:N:SIZE       N threads, each running tput on its own pair of channels
 * Prints one line per task (see benchmarks/README.md): tput SIZE PDUS NANOS CPU_NS | lat REQ ANS COUNT MEDIAN_NS P99_NS |
 * pairs N SIZE PDUS NANOS. Build: gcc -O2 -pthread -o isotp_peer isotp_peer.c
 *
 * With ISOTP_PEER_POLL=1 in the environment every receive first waits in poll(2) on the socket and an eventfd, then
 * calls recv(2) with MSG_DONTWAIT | MSG_TRUNC: the syscalls IsoTpSocket makes (its eventfd lets close() wake a blocked
 * reader). This variant tells the cost of those syscalls apart from the cost of the Java side.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/can.h>
#include <linux/can/isotp.h>

#ifndef CAN_ISOTP_FRAME_TXTIME_ZERO
#define CAN_ISOTP_FRAME_TXTIME_ZERO 0xFFFFFFFF
#endif
#define MAX_PDU 66000
#define A_TX 0x700
#define A_RX 0x701

static const char *iface;
static long warmup_ms, duration_ms;
static int use_poll, wake_fd;

static void die(const char *what) {
    fprintf(stderr, "isotp_peer: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000 + t.tv_nsec;
}

/* bs 0, stmin 0, frame_txtime zero, wait tx done; a receive timeout of 2 s so that a lost PDU fails the run */
/* CPU time (user + system) of the whole process */
static int64_t cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_channel(uint32_t txid, uint32_t rxid) {
    int fd = socket(PF_CAN, SOCK_DGRAM, CAN_ISOTP);
    if (fd < 0) die("socket");
    struct can_isotp_options opts = {0};
    opts.flags = CAN_ISOTP_WAIT_TX_DONE;
    opts.frame_txtime = CAN_ISOTP_FRAME_TXTIME_ZERO;
    opts.txpad_content = 0xCC;
    opts.rxpad_content = 0xCC;
    if (setsockopt(fd, SOL_CAN_ISOTP, CAN_ISOTP_OPTS, &opts, sizeof opts) < 0) die("setsockopt OPTS");
    struct can_isotp_fc_options fc = {.bs = 0, .stmin = 0, .wftmax = 0};
    if (setsockopt(fd, SOL_CAN_ISOTP, CAN_ISOTP_RECV_FC, &fc, sizeof fc) < 0) die("setsockopt RECV_FC");
    struct timeval tv = {.tv_sec = 2, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) die("setsockopt SO_RCVTIMEO");
    struct sockaddr_can addr = {0};
    addr.can_family = AF_CAN;
    addr.can_ifindex = if_nametoindex(iface);
    if (addr.can_ifindex == 0) die(iface);
    addr.can_addr.tp.tx_id = txid;
    addr.can_addr.tp.rx_id = rxid;
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
    return fd;
}

static void send_pdu(int fd, const unsigned char *data, size_t size) {
    if (send(fd, data, size, 0) != (ssize_t) size) die("send");
}

/* recv(2), or poll(2) then recv(2) as IsoTpSocket does when ISOTP_PEER_POLL=1 */
static ssize_t receive(int fd, unsigned char *buf, size_t room) {
    if (!use_poll) return recv(fd, buf, room, 0);
    struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
    if (poll(fds, 2, 2000) <= 0) { errno = errno ? errno : ETIMEDOUT; return -1; }
    return recv(fd, buf, room, MSG_DONTWAIT | MSG_TRUNC);
}

static void recv_pdu(int fd, unsigned char *buf, size_t expected) {
    ssize_t n = receive(fd, buf, MAX_PDU);
    if (n < 0) die("recv");
    if ((size_t) n != expected) { fprintf(stderr, "isotp_peer: got %zd bytes, expected %zu\n", n, expected); exit(1); }
}

struct pair { uint32_t base; size_t size; long pdus; int64_t nanos; int64_t cpu; pthread_barrier_t *start; };

/* send on A, receive on B: warm up, then count for duration_ms */
static void *run_pair(void *arg) {
    struct pair *p = arg;
    int a = open_channel(p->base, p->base + 1), b = open_channel(p->base + 1, p->base);
    unsigned char *out = malloc(p->size), *in = malloc(MAX_PDU);
    for (size_t i = 0; i < p->size; i++) out[i] = (unsigned char) i;
    int64_t end = now_ns() + warmup_ms * 1000000L;
    while (now_ns() < end) { send_pdu(a, out, p->size); recv_pdu(b, in, p->size); }
    if (p->start) pthread_barrier_wait(p->start); /* concurrent pairs measure the same window */
    long count = 0;
    int64_t cpu0 = cpu_ns();
    int64_t start = now_ns();
    end = start + duration_ms * 1000000L;
    int64_t t;
    do { send_pdu(a, out, p->size); recv_pdu(b, in, p->size); count++; } while ((t = now_ns()) < end);
    p->pdus = count;
    p->nanos = t - start;
    p->cpu = cpu_ns() - cpu0;
    close(a); close(b); free(out); free(in);
    return NULL;
}

struct responder { int fd; size_t answer; };

static void *respond(void *arg) {
    struct responder *r = arg;
    unsigned char in[MAX_PDU > 4096 ? 4096 : MAX_PDU], out[4096];
    memset(out, 0x62, sizeof out);
    for (;;) {
        ssize_t n = receive(r->fd, in, sizeof in);
        if (n < 0) die("responder recv");
        if (n == 1) return NULL; /* the stop request */
        send_pdu(r->fd, out, r->answer);
    }
}

static int cmp64(const void *x, const void *y) {
    int64_t a = *(const int64_t *) x, b = *(const int64_t *) y;
    return a < b ? -1 : a > b;
}

static void latency(size_t request, size_t answer) {
    int client = open_channel(A_TX, A_RX), server = open_channel(A_RX, A_TX);
    struct responder r = {server, answer};
    pthread_t thread;
    pthread_create(&thread, NULL, respond, &r);
    unsigned char out[4096], in[4096];
    memset(out, 0x22, sizeof out);
    size_t cap = 1000000, count = 0;
    int64_t *samples = malloc(cap * sizeof *samples);
    int64_t end = now_ns() + warmup_ms * 1000000L;
    while (now_ns() < end) { send_pdu(client, out, request); recv_pdu(client, in, answer); }
    end = now_ns() + duration_ms * 1000000L;
    int64_t t = now_ns();
    while (t < end && count < cap) {
        int64_t t0 = t;
        send_pdu(client, out, request);
        recv_pdu(client, in, answer);
        t = now_ns();
        samples[count++] = t - t0;
    }
    send_pdu(client, out, 1);
    pthread_join(thread, NULL);
    qsort(samples, count, sizeof *samples, cmp64);
    printf("lat %zu %zu %zu %lld %lld\n", request, answer, count, (long long) samples[count / 2],
           (long long) samples[(size_t) (count * 0.99)]);
    free(samples); close(client); close(server);
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: isotp_peer IFACE WARMUP_MS DURATION_MS TASK...\n"); return 2; }
    iface = argv[1];
    warmup_ms = atol(argv[2]);
    duration_ms = atol(argv[3]);
    const char *poll_env = getenv("ISOTP_PEER_POLL");
    use_poll = poll_env && strcmp(poll_env, "1") == 0;
    if (use_poll && (wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) die("eventfd");
    for (int i = 4; i < argc; i++) {
        unsigned long x, y;
        if (sscanf(argv[i], "tput:%lu", &x) == 1) {
            struct pair p = {A_TX, x, 0, 0, 0, NULL};
            run_pair(&p);
            printf("tput %lu %ld %lld %lld\n", x, p.pdus, (long long) p.nanos, (long long) p.cpu);
        } else if (sscanf(argv[i], "lat:%lu:%lu", &x, &y) == 2) {
            latency(x, y);
        } else if (sscanf(argv[i], "pairs:%lu:%lu", &x, &y) == 2) {
            struct pair *p = calloc(x, sizeof *p);
            pthread_t *threads = calloc(x, sizeof *threads);
            pthread_barrier_t start;
            pthread_barrier_init(&start, NULL, x);
            for (unsigned long k = 0; k < x; k++) {
                p[k] = (struct pair) {0x200 + 2 * k, y, 0, 0, 0, &start};
                pthread_create(&threads[k], NULL, run_pair, &p[k]);
            }
            long pdus = 0;
            int64_t nanos = 0;
            for (unsigned long k = 0; k < x; k++) {
                pthread_join(threads[k], NULL);
                pdus += p[k].pdus;
                if (p[k].nanos > nanos) nanos = p[k].nanos;
            }
            printf("pairs %lu %lu %ld %lld\n", x, y, pdus, (long long) nanos);
            pthread_barrier_destroy(&start);
            free(p); free(threads);
        } else {
            fprintf(stderr, "isotp_peer: unknown task %s\n", argv[i]);
            return 2;
        }
        fflush(stdout);
    }
    return 0;
}
