/*
 * The floor for `runbook run` per-step overhead: for each of N steps, append a fsync'd
 * step.started JSON line, spawn `bash -euo pipefail -c true` with posix_spawn and wait for it,
 * then append a fsync'd step.succeeded JSON line — the minimum work a journaling shell-step
 * engine must do.
 *
 * Usage: step-floor STEPS JOURNAL
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void append_line(int fd, const char *event, int step) {
    char line[256];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int n = snprintf(line, sizeof line, "{\"event\":\"%s\",\"step\":\"s%d\",\"at\":%lld.%09ld}\n", event, step,
                     (long long)ts.tv_sec, ts.tv_nsec);
    if (n < 0 || (size_t)n >= sizeof line) die("snprintf");
    for (int off = 0; off < n;) {
        ssize_t w = write(fd, line + off, (size_t)(n - off));
        if (w < 0) {
            if (errno == EINTR) continue;
            die("write");
        }
        off += (int)w;
    }
    if (fsync(fd) != 0) die("fsync");
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s STEPS JOURNAL\n", argv[0]);
        return 2;
    }
    int steps = atoi(argv[1]);
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) die("open");
    char *args[] = {"/bin/bash", "-euo", "pipefail", "-c", "true", NULL};
    for (int i = 0; i < steps; i++) {
        append_line(fd, "step.started", i);
        pid_t pid;
        int rc = posix_spawn(&pid, args[0], NULL, NULL, args, environ);
        if (rc != 0) {
            errno = rc;
            die("posix_spawn");
        }
        int status;
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) die("waitpid");
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "step %d failed (status %d)\n", i, status);
            return 1;
        }
        append_line(fd, "step.succeeded", i);
    }
    return close(fd) == 0 ? 0 : 1;
}
