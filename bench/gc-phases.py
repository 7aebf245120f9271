#!/usr/bin/env python3
"""Collections per phase of a webhook bench run: bench/gc-phases.py GC_LOG WEBHOOK_MD [JVM]

GC_LOG: the bot's log from -Xlog:gc:file=...:uptime (SerialGC, ParallelGC or G1 pause lines); WEBHOOK_MD: the run's
webhook.md, whose phase table gives each phase's start in seconds since the JVM was launched; JVM: the rows to use
(default "bot"). Per phase: young and full pauses (count, total, longest), what young collections promoted (growth of
the heap after them), and the heap's largest capacity.
"""
import re
import sys

PAUSE = re.compile(r'\[(\d+\.\d+)s\].*Pause (Young|Full).* (\d+)M->(\d+)M\((\d+)M\) (\d+\.\d+)ms')


def main(gc_log, md, jvm='bot'):
    pauses = []
    for line in open(gc_log):
        m = PAUSE.match(line)
        if m:
            pauses.append((float(m[1]), m[2], int(m[3]), int(m[4]), int(m[5]), float(m[6])))
    windows = []
    for line in open(md):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) == 6 and cells[0].split(' ')[0] == jvm and re.match(r'^\d', cells[1]):
            tag, warm, fixed, sat, sat_to, rest_to = cells[0], *map(float, cells[1:])
            windows += [(tag + ' warm-up', warm, fixed), (tag + ' fixed', fixed, sat), (tag + ' saturation', sat, sat_to),
                        (tag + ' drain/rest', sat_to, rest_to)]
    if not windows:
        sys.exit('no phase table for %s in %s (a run of the bench from before session 18?)' % (jvm, md))
    print('| phase | s | young | young ms (max) | full | full ms (max) | promoted MB (MB/s) | heap capacity max (MB) |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name, start, end in windows:
        inside = [p for p in pauses if start <= p[0] < end]
        promoted, after = 0, None
        for p in inside:
            if p[1] == 'Young' and after is not None:
                promoted += max(0, p[3] - after)
            after = p[3]
        young = [p[5] for p in inside if p[1] == 'Young']
        full = [p[5] for p in inside if p[1] == 'Full']
        print('| %s | %.0f | %d | %.0f (%.0f) | %d | %.0f (%.0f) | %d (%.2f) | %d |' % (
            name, end - start, len(young), sum(young), max(young or [0]), len(full), sum(full), max(full or [0]),
            promoted, promoted / max(1e-9, end - start), max([p[4] for p in inside] or [0])))


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
