#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/kcov-report.py - the coverage of make fuzz-kcov, from its PCs.

    scripts/kcov-report.py build/<rel>/ncr.ko build/fuzz-kcov/pcs.txt

ncr.ko built against a KCOV kernel calls __sanitizer_cov_trace_pc at the
start of every basic block; KCOV records the return address of each call,
so the set of coverage points of the module is the set of those call
sites + 4 (the relocations against __sanitizer_cov_trace_pc, R_X86_64_PLT32
on the call's 4-byte operand).  pcs.txt (tests/fuzz/kcov_fuzz.c) lists the
points reached as "section offset".  This prints

  - the points reached out of all, for the module and for kernel/ and core/;
  - per source file of kernel/: instrumented lines reached (a line counts
    as instrumented if a coverage point maps to it; addr2line, the module
    is built with -g on a KCOV kernel) and functions entered;
  - the functions of kernel/ never entered (and, shorter, of core/).

Only the standard library and binutils (readelf, addr2line).
"""
import collections
import os
import re
import subprocess
import sys


def run(*cmd, data=None):
    return subprocess.run(cmd, input=data, capture_output=True, text=True,
                          check=True).stdout


def sections(ko):
    """index -> name of every section"""
    out = {}
    for line in run('readelf', '-SW', ko).splitlines():
        m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)', line)
        if m:
            out[int(m.group(1))] = m.group(2)
    return out


def points(ko):
    """{section: set of offsets}: every coverage point (return address)"""
    out = collections.defaultdict(set)
    sec = None
    for line in run('readelf', '-rW', ko).splitlines():
        m = re.match(r"Relocation section '\.rela(\S+)'", line)
        if m:
            sec = m.group(1)
            continue
        f = line.split()
        if sec and len(f) >= 5 and f[-3] == '__sanitizer_cov_trace_pc':
            out[sec].add(int(f[0], 16) + 4)
    return out


def functions(ko, secnames):
    """{section: sorted [(start, end, name)]}"""
    out = collections.defaultdict(list)
    for line in run('readelf', '-sW', ko).splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == 'FUNC' and f[6].isdigit():
            sec = secnames.get(int(f[6]))
            start, size = int(f[1], 16), int(f[2], 0)
            out[sec].append((start, start + max(size, 1), f[7]))
    for v in out.values():
        v.sort()
    return out


def func_of(funcs, off):
    for start, end, name in funcs:
        if start <= off < end:
            return name
    return None


def source(path):
    """kernel/x.c or core/part/x.c from a path in the build tree"""
    path = os.path.normpath(path)
    m = re.search(r'/src/((?:kernel|core)/.*)$', path) or \
        re.search(r'/src/(.*)$', path)
    if m:
        p = m.group(1)
        return p if p.startswith(('core/', 'kernel/')) else 'kernel/' + p
    return path


def lines_of(ko, sec, offs):
    """offset -> (file, line) of the call before each point"""
    offs = sorted(offs)
    data = ''.join('0x%x\n' % (o - 1) for o in offs)
    out = run('addr2line', '-e', ko, '-j', sec, data=data).splitlines()
    res = {}
    for o, loc in zip(offs, out):
        m = re.match(r'(.*):(\d+)', loc.split(' (discriminator')[0])
        if m and m.group(1) != '??':
            res[o] = (source(m.group(1)), int(m.group(2)))
    return res


def pct(a, b):
    return '%5.1f%%' % (100.0 * a / b) if b else '   - '


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ko, pcs_file = sys.argv[1], sys.argv[2]
    secnames = sections(ko)
    pts = points(ko)
    funcs = functions(ko, secnames)
    hit = collections.defaultdict(set)
    with open(pcs_file) as f:
        for line in f:
            sec, off = line.split()
            hit[sec].add(int(off, 16))
    stray = sum(len(hit[s] - pts.get(s, set())) for s in hit)

    # per point: file, line, function
    per_file_lines = collections.defaultdict(lambda: [set(), set()])
    fn_files = collections.defaultdict(collections.Counter)
    fn_hit = set()
    func_loc = {}
    dir_pts = collections.defaultdict(lambda: [0, 0])
    total = reached = 0
    for sec, offs in pts.items():
        if not sec.startswith('.text'):
            continue	# .init.text, .exit.text: not reachable from ioctls
        locs = lines_of(ko, sec, offs)
        for o in offs:
            file, line = locs.get(o, ('(unknown)', 0))
            fn = func_of(funcs.get(sec, []), o - 5) or '?'
            is_hit = o in hit.get(sec, ())
            top = file.split('/')[0] if file.startswith(('kernel/', 'core/')) \
                else '(inlined headers)'
            dir_pts[top][1] += 1
            total += 1
            if is_hit:
                reached += 1
                dir_pts[top][0] += 1
                per_file_lines[file][0].add(line)
                fn_hit.add(fn)
            per_file_lines[file][1].add(line)
            if file.startswith(('kernel/', 'core/')):
                fn_files[fn][file] += 1
                first = func_loc.setdefault(fn, {})
                first[file] = min(first.get(file, line), line)
    # a function belongs to the ncr file most of its points come from
    per_file_funcs = collections.defaultdict(lambda: [set(), set()])
    for fn, files in fn_files.items():
        home = files.most_common(1)[0][0]
        per_file_funcs[home][1].add(fn)
        if fn in fn_hit:
            per_file_funcs[home][0].add(fn)
        func_loc[fn] = (home, func_loc[fn][home])

    stats = {}
    stats_path = os.path.join(os.path.dirname(pcs_file), 'stats.txt')
    if os.path.exists(stats_path):
        with open(stats_path) as f:
            for line in f:
                k, _, v = line.partition(' ')
                stats[k] = v.strip()

    print('ncr.ko coverage (KCOV, make fuzz-kcov): %d of %d coverage points '
          '(basic blocks) reached, %s' % (reached, total, pct(reached, total)))
    if stats:
        print('  run: %s s, %s programs, %s calls, corpus %s, %s edges, '
              '%s findings' % (stats.get('seconds'), stats.get('programs'),
                               stats.get('calls'), stats.get('corpus'),
                               stats.get('edges'), stats.get('findings')))
    for d in sorted(dir_pts):
        r, t = dir_pts[d]
        print('  %-18s %6d of %6d points %s' % (d if d.startswith('(') else d + '/',
                                                 r, t, pct(r, t)))
    kl = [per_file_lines[f] for f in per_file_lines if f.startswith('kernel/')]
    lr = sum(len(a) for a, _ in kl)
    lt = sum(len(b) for _, b in kl)
    print('  kernel/ lines: %d of %d instrumented lines reached, %s'
          % (lr, lt, pct(lr, lt)))
    if stray:
        # a kernel function whose last block is empty ends in a tail call
        # of the hook, which then records the return address in ncr.ko
        print('  (%d recorded PCs are return addresses of calls into kernel '
              'functions that tail-call the hook: not counted)' % stray)
    print()

    print('%-34s %15s %15s' % ('file', 'lines', 'functions'))
    for file in sorted(per_file_lines):
        if not file.startswith('kernel/'):
            continue
        lh, la = per_file_lines[file]
        fh, fa = per_file_funcs[file]
        print('%-34s %5d/%-5d%s %4d/%-4d%s' % (file, len(lh), len(la),
              pct(len(lh), len(la)), len(fh), len(fa), pct(len(fh), len(fa))))
    for top in ('core',):
        files = [f for f in per_file_lines if f.startswith(top + '/')]
        lh = sum(len(per_file_lines[f][0]) for f in files)
        la = sum(len(per_file_lines[f][1]) for f in files)
        print('%-34s %5d/%-5d%s' % (top + '/ (all files)', lh, la,
                                     pct(lh, la)))
    print()

    for top in ('kernel', 'core'):
        never = sorted((func_loc[fn], fn) for f in per_file_funcs
                       if f.startswith(top + '/')
                       for fn in per_file_funcs[f][1] - per_file_funcs[f][0])
        print('functions of %s/ never entered: %d' % (top, len(never)))
        for (file, line), fn in never:
            print('  %-40s %s:%d' % (fn, file, line))
        print()


if __name__ == '__main__':
    main()
