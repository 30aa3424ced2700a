# Runs the batches given as JSON (argv[1]) through streamz 0.6.4 + pandas and prints every emitted
# running result as JSON after "FRAME-ORACLE-RESULTS ". Used by FrameOracleTest.
# streamz itself has no full-history var/std/min/max (only windowed ones) and no groupby min/max:
# for those (and for grouped var and std with a bool column, where streamz fails) the reference is
# pandas over all rows so far (pd.concat of the batches), which is what
# a streaming running result must equal.
import json, math, sys
import pandas as pd
from streamz import Stream
from streamz.dataframe import DataFrame

def num(v):
    v = float(v)
    return None if math.isnan(v) else v

def series(s):
    return {str(k): num(v) for k, v in s.items()}

def frame(df):
    return {c: [num(v) for v in df[c]] for c in df.columns}

def names(r):
    return [str(c) for c in (r.columns if isinstance(r, pd.DataFrame) else r.index)]

def grouped(r, name=None):
    if isinstance(r, pd.Series):
        return {name or r.name or 'size': series(r)}
    return {c: series(r[c]) for c in r.columns}

def run(batches):
    types = {'name': object, 'i': 'int64', 'f': bool, 'x': 'float64'}
    ex = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in types.items()})
    frames = [pd.DataFrame({c: pd.Series(b[c], dtype=t) for c, t in types.items()}) for b in batches]
    src = Stream()
    sdf = DataFrame(src, example=ex)
    num_df = sdf[['i', 'x']]
    # a boolean column among numbers: pandas reduces it as 0 and 1, in its place among the columns
    mixed = sdf[['i', 'f', 'x']]
    sinks = {}
    def sink(key, stream_like, conv):
        lst = stream_like.stream.sink_to_list()
        sinks[key] = (lst, conv)
    for op in ['sum', 'mean', 'count']:
        sink('df.' + op, getattr(num_df, op)(), series)
        sink('x.' + op, getattr(sdf.x, op)(), num)
        sink('i.' + op, getattr(sdf.i, op)(), num)
    for op in ['sum', 'mean', 'count']:
        sink('m.' + op, getattr(mixed, op)(), series)
        sink('f.' + op, getattr(sdf.f, op)(), num)
        sink('w.m.' + op, getattr(mixed.window(n=60), op)(), series)
        sink('w.f.' + op, getattr(sdf.window(n=60).f, op)(), num)
    sink('w.m.var', mixed.window(n=60).var(), series)
    sink('w.m.std', mixed.window(n=60).std(), series)
    sink('m.sum.columns', mixed.sum(), names)
    sink('all.sum.columns', sdf[['i', 'f', 'x']].sum(), names)
    sink('w.m.mean.columns', mixed.window(n=60).mean(), names)
    sink('m.size', mixed.size, num)
    sink('df.size', num_df.size, num)
    sink('all.size', sdf.size, num)
    sink('x.size', sdf.x.size, num)
    for op in ['cumsum', 'cumprod', 'cummin', 'cummax']:
        sink('df.' + op, getattr(num_df, op)(), frame)
        sink('m.' + op, getattr(mixed, op)(), frame)
    sink('name.value_counts', sdf.name.value_counts(), lambda r: grouped(r, 'count'))
    sink('where.x.sum', sdf[sdf.x > 0].x.sum(), num)
    sink('where.i.sum', sdf[sdf.i > 100].i.sum(), num)
    fix = sdf[['f', 'i', 'x']]
    sink('where.fix.sum', fix[fix.x > 0].sum(), series)
    sink('where.fix.mean', fix[fix.x > 0].mean(), series)
    sink('where.fix.count', fix[fix.x > 0].count(), series)
    sink('where.f.m.sum', mixed[mixed.f].sum(), series)
    sink('where.nf.m.mean', mixed[~mixed.f].mean(), series)
    sink('where.f.sum', sdf[sdf.x > 0].f.sum(), num)
    g = sdf.groupby('name')
    for op in ['sum', 'mean', 'count']:
        sink('g.' + op, getattr(g, op)(), grouped)
    sink('g.size', g.size(), grouped)
    # streamz's grouped var divides a pandas object by n - ddof, which fails (ZeroDivisionError) once
    # a bool column is among the values: the grouped var and std of the numbers come from streamz,
    # those with the bool column from pandas over all rows so far
    sink('gn.var', g[['i', 'x']].var(), grouped)
    sink('gn.std', g[['i', 'x']].std(), grouped)
    sink('gx.sum', g.x.sum(), grouped)
    sink('g.sum.columns', g.sum(), names)
    for op in ['sum', 'mean', 'count']:
        sink('gf.' + op, getattr(g.f, op)(), grouped)
        sink('wg.' + op, getattr(sdf.window(n=60).groupby('name'), op)(), grouped)
        sink('wgf.' + op, getattr(sdf.window(n=60).groupby('name').f, op)(), grouped)
    out = {k: [] for k in sinks}
    concat = {k: [] for k in ['df.var', 'df.std', 'df.min', 'df.max', 'x.var', 'x.std', 'x.min', 'x.max',
                              'i.min', 'i.max', 'g.min', 'g.max', 'm.var', 'm.std', 'm.min', 'm.max',
                              'm.min.columns', 'f.min', 'f.max', 'g.var', 'g.std', 'gf.var']}
    seen = []
    for f in frames:
        src.emit(f)
        seen.append(f)
        allrows = pd.concat([ex] + seen, ignore_index=True).astype(types)
        nums = allrows[['i', 'x']]
        for op in ['var', 'std', 'min', 'max']:
            concat['m.' + op].append(series(getattr(allrows[['i', 'f', 'x']], op)()))
        concat['m.min.columns'].append(names(allrows[['i', 'f', 'x']].min()))
        concat['f.min'].append(num(allrows.f.min()) if len(allrows) else None)
        concat['f.max'].append(num(allrows.f.max()) if len(allrows) else None)
        concat['df.var'].append(series(nums.var()))
        concat['df.std'].append(series(nums.std()))
        concat['df.min'].append(series(nums.min()))
        concat['df.max'].append(series(nums.max()))
        for op in ['var', 'std', 'min', 'max']:
            concat['x.' + op].append(num(getattr(allrows.x, op)()))
        concat['i.min'].append(num(allrows.i.min()))
        concat['i.max'].append(num(allrows.i.max()))
        concat['g.var'].append(grouped(allrows.groupby('name')[['i', 'f', 'x']].var()))
        concat['g.std'].append(grouped(allrows.groupby('name')[['i', 'f', 'x']].std()))
        concat['gf.var'].append(grouped(allrows.groupby('name').f.var()))
        concat['g.min'].append(grouped(allrows.groupby('name')[['i', 'f', 'x']].min()))
        concat['g.max'].append(grouped(allrows.groupby('name')[['i', 'f', 'x']].max()))
    for k, (lst, conv) in sinks.items():
        out[k] = [conv(v) for v in lst]
    out.update(concat)
    return out

data = json.load(open(sys.argv[1]))
print('FRAME-ORACLE-RESULTS ' + json.dumps([run(r) for r in data]))
