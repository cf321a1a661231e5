#!/usr/bin/env python3
"""Extract the yeast multi-label data set (Elisseeff & Weston 2001) from Debian's r-cran-mlr package.

mlr keeps its example tasks in a lazy-load database (data/Rdata.rdx + Rdata.rdb). The .rdx is a
compressed (gzip as saveRDS writes it, or zlib) serialized R list: `variables` maps names to (offset, length) in the .rdb,
`references` does the same for environments. Each .rdb record is a 4-byte big-endian length
followed by a zlib stream holding R serialization (format 2 or 3, XDR). This script reads just
enough of that format to rebuild `yeast.task$env$data` and writes it as a gzipped CSV.

Usage (standard library only, run once; the output is committed):
    apt-get download r-cran-mlr && dpkg -x r-cran-mlr_*.deb x
    python3 extract_yeast.py x/usr/lib/R/site-library/mlr/data yeast.csv.gz
"""
import gzip, struct, sys, zlib

class RNull: pass
NULL = RNull()

class Reader:
    def __init__(self, data, persist):
        self.b, self.p, self.refs, self.persist = data, 0, [], persist
    def int(self):
        v = struct.unpack_from(">i", self.b, self.p)[0]; self.p += 4; return v
    def length(self):
        n = self.int()
        if n == -1: hi, lo = self.int(), self.int(); n = (hi << 32) + lo
        return n
    def raw(self, n):
        v = self.b[self.p:self.p + n]; self.p += n; return v
    def strvec(self):
        assert self.int() == 0
        return [self.item() for _ in range(self.int())]

    def run(self):
        assert self.raw(2) == b"X\n", "only XDR serialization is supported"
        version = self.int(); self.int(); self.int()
        if version == 3: self.raw(self.int())  # native encoding
        return self.item()

    def attrs(self, obj, has_attr):
        if has_attr:
            a = self.item()
            return RObj(obj, a)
        return obj

    def item(self):
        flags = self.int()
        t, has_attr, has_tag = flags & 0xFF, bool(flags & 0x200), bool(flags & 0x400)
        if t == 254: return NULL                                  # NILVALUE
        if t in (253, 252, 251, 250, 242, 241): return NULL       # global/empty/base envs, markers
        if t == 255:                                              # REFSXP
            i = flags >> 8
            return self.refs[(i if i else self.int()) - 1]
        if t == 247:                                              # PERSISTSXP: lazy-loaded environment
            v = self.persist(self.strvec()); self.refs.append(v); return v
        if t in (249, 248):                                       # namespace / package
            v = ("namespace", self.strvec()); self.refs.append(v); return v
        if t == 1:                                                # SYMSXP
            v = Sym(self.item()); self.refs.append(v); return v
        if t == 4:                                                # ENVSXP
            env = {}; self.refs.append(env); self.int()
            self.item(); frame = self.item(); tab = self.item(); self.item()
            for chain in ([frame] + (list(tab.v if isinstance(tab, RObj) else tab) if tab is not NULL else [])):
                if isinstance(chain, dict): env.update(chain)
            return env
        if t in (2, 6, 3, 5, 17, 239, 240):                      # pairlists, calls, closures
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            car = self.item(); cdr = self.item()
            d = {str(tag) if tag is not None else len([]): car}
            if isinstance(cdr, dict): d.update(cdr)
            return d
        if t == 9:                                                # CHARSXP
            n = self.int(); return None if n == -1 else self.raw(n).decode("utf-8", "replace")
        if t in (10, 13):                                         # LGLSXP, INTSXP
            n = self.length(); v = list(struct.unpack_from(">%di" % n, self.b, self.p)); self.p += 4 * n
            return self.attrs(v, has_attr)
        if t == 14:                                               # REALSXP
            n = self.length(); v = list(struct.unpack_from(">%dd" % n, self.b, self.p)); self.p += 8 * n
            return self.attrs(v, has_attr)
        if t == 15:
            n = self.length(); self.p += 16 * n; return self.attrs(None, has_attr)
        if t == 16:                                               # STRSXP
            return self.attrs([self.item() for _ in range(self.length())], has_attr)
        if t in (19, 20):                                         # VECSXP, EXPRSXP
            return self.attrs([self.item() for _ in range(self.length())], has_attr)
        if t == 24:
            return self.attrs(self.raw(self.length()), has_attr)
        if t in (7, 8):
            return self.raw(self.int()).decode()
        if t == 25:
            return self.attrs(None, has_attr)
        if t == 238:                                              # ALTREP: compact sequences, wrappers
            info, state, attr = self.item(), self.item(), self.item()
            cls = str(list(info.values())[0]) if isinstance(info, dict) else ""
            if cls == "compact_intseq":
                n, start, inc = state; v = [int(start + inc * k) for k in range(int(n))]
            elif cls.startswith("wrap_"):
                v = state[0]
            else:
                raise NotImplementedError("ALTREP class " + cls)
            return RObj(v, attr) if attr is not NULL else v
        raise NotImplementedError("SEXP type %d" % t)

class Sym:
    def __init__(self, name): self.name = name
    def __str__(self): return self.name
class RObj:
    def __init__(self, v, attrs): self.v, self.a = v, attrs if isinstance(attrs, dict) else {}

def plain(x): return x.v if isinstance(x, RObj) else x
def named(x):
    return dict(zip(plain(x.a["names"]), plain(x))) if isinstance(x, RObj) and "names" in x.a else x

def main(folder, out):
    rdb = open(folder + "/Rdata.rdb", "rb").read()
    def record(offset, length):
        chunk = rdb[offset:offset + length]
        return zlib.decompress(chunk[4:])
    def persist(key):
        return load(*refs[key[0]])
    def load(offset, length):
        return Reader(record(offset, length), persist).run()
    rdx_raw = open(folder + "/Rdata.rdx", "rb").read()
    rdx = gzip.decompress(rdx_raw) if rdx_raw[:2] == b"\x1f\x8b" else zlib.decompress(rdx_raw[4:])
    index = named(Reader(rdx, None).run())
    refs = {k: plain(v) for k, v in named(index["references"]).items()}
    variables = {k: plain(v) for k, v in named(index["variables"]).items()}
    task = named(load(*variables["yeast.task"]))
    env = named(task["env"])
    if "bindings" in env: env = named(env["bindings"])
    frame = named(env["data"])
    cols = list(frame.keys())
    rows = len(plain(frame[cols[0]]))
    feats = [c for c in cols if not c.startswith("label")]
    labels = [c for c in cols if c.startswith("label")]
    assert rows == 2417 and len(feats) == 103 and len(labels) == 14, (rows, len(feats), len(labels))
    with gzip.open(out, "wt", newline="") as f:
        f.write(",".join(feats + labels) + "\n")
        data = [plain(frame[c]) for c in feats + labels]
        for r in range(rows):
            f.write(",".join([repr(data[j][r]) for j in range(len(feats))] +
                             [str(int(data[len(feats) + j][r])) for j in range(len(labels))]) + "\n")
    print("wrote %s: %d rows, %d features, %d labels" % (out, rows, len(feats), len(labels)))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
