//! Aho-Corasick automata computed at build time and written out as static tables, so that a process
//! that scans one message or one file pays nothing to build them (the aho-corasick crate spends about
//! 6 ms of CPU building the prose detector's 4,500 terms). src/static_ac.rs reads the tables.
//!
//! States are numbered in breadth-first order. The states nearest the root (where a search spends
//! most of its time) get dense rows over byte classes with every transition resolved, within a size
//! budget; the others keep sorted sparse edges and a failure link.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;

/// Largest size of the dense rows of one automaton, in bytes.
const DENSE_BUDGET: usize = 160 * 1024;

/// Writes `static {NAME}: StaticAc` for `patterns` (bytes; pattern id = index) into `out`.
pub fn write_tables(out: &mut String, name: &str, patterns: &[&[u8]]) {
    // The trie, in insertion order.
    let mut edges: Vec<BTreeMap<u8, u32>> = vec![BTreeMap::new()];
    let mut own: Vec<Vec<u32>> = vec![Vec::new()];
    for (pid, p) in patterns.iter().enumerate() {
        assert!(!p.is_empty(), "{name}: empty pattern {pid}");
        let mut s = 0usize;
        for &b in p.iter() {
            s = match edges[s].get(&b) {
                Some(&n) => n as usize,
                None => {
                    let n = edges.len();
                    edges.push(BTreeMap::new());
                    own.push(Vec::new());
                    edges[s].insert(b, n as u32);
                    n
                }
            };
        }
        own[s].push(pid as u32);
    }
    // Failure links and outputs (own patterns first, then the failure state's, as the aho-corasick
    // crate orders them), in breadth-first order.
    let n = edges.len();
    let mut fail = vec![0u32; n];
    let mut depth = vec![0usize; n];
    let mut outputs: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut order: Vec<usize> = vec![0];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &c in edges[0].values() {
        queue.push_back(c as usize);
        depth[c as usize] = 1;
        outputs[c as usize] = own[c as usize].clone();
    }
    while let Some(s) = queue.pop_front() {
        order.push(s);
        let children: Vec<(u8, u32)> = edges[s].iter().map(|(&b, &c)| (b, c)).collect();
        for (b, c) in children {
            let c = c as usize;
            let mut f = fail[s] as usize;
            let target = loop {
                if let Some(&t) = edges[f].get(&b) {
                    break t;
                }
                if f == 0 {
                    break 0;
                }
                f = fail[f] as usize;
            };
            fail[c] = target;
            depth[c] = depth[s] + 1;
            let mut o = own[c].clone();
            o.extend_from_slice(&outputs[target as usize]);
            outputs[c] = o;
            queue.push_back(c);
        }
    }
    let mut new_id = vec![0u32; n];
    for (i, &s) in order.iter().enumerate() {
        new_id[s] = i as u32;
    }
    // Byte classes: one per byte that occurs in a pattern, class 0 for all the others.
    let mut classes = [0u32; 256];
    let mut nclasses = 1u32;
    for b in 0..=255u8 {
        if patterns.iter().any(|p| p.contains(&b)) {
            classes[b as usize] = nclasses;
            nclasses += 1;
        }
    }
    let row = nclasses as usize * 4;
    let mut max_depth = 1;
    while order.iter().filter(|&&s| depth[s] <= max_depth + 1).count() * row <= DENSE_BUDGET
        && order.iter().any(|&s| depth[s] > max_depth)
    {
        max_depth += 1;
    }
    let dense_count = order.iter().filter(|&&s| depth[s] <= max_depth).count();
    // Dense rows, resolved: a missing edge goes where the failure state goes (already computed,
    // since the failure state is shallower, hence earlier and dense).
    let mut dense = vec![0u32; dense_count * nclasses as usize];
    for (i, &s) in order.iter().take(dense_count).enumerate() {
        for b in 0..=255u8 {
            let c = classes[b as usize] as usize;
            let to = match edges[s].get(&b) {
                Some(&t) => new_id[t as usize],
                None if s == 0 => 0,
                None => dense[new_id[fail[s] as usize] as usize * nclasses as usize + c],
            };
            dense[i * nclasses as usize + c] = to;
        }
    }
    let (mut trans_start, mut trans_byte, mut trans_next) = (Vec::with_capacity(n + 1), Vec::new(), Vec::new());
    let (mut out_start, mut outs, mut fails) = (Vec::with_capacity(n + 1), Vec::new(), Vec::with_capacity(n));
    for (i, &s) in order.iter().enumerate() {
        trans_start.push(trans_byte.len() as u32);
        if i >= dense_count {
            for (&b, &c) in &edges[s] {
                trans_byte.push(b as u32);
                trans_next.push(new_id[c as usize]);
            }
        }
        fails.push(new_id[fail[s] as usize]);
        out_start.push(outs.len() as u32);
        outs.extend_from_slice(&outputs[s]);
    }
    trans_start.push(trans_byte.len() as u32);
    out_start.push(outs.len() as u32);
    let lens: Vec<u32> = patterns.iter().map(|p| p.len() as u32).collect();
    let arr = |out: &mut String, field: &str, ty: &str, v: &[u32]| {
        let _ = write!(out, "static {name}_{field}: [{ty}; {}] = [", v.len());
        for x in v {
            let _ = write!(out, "{x},");
        }
        out.push_str("];\n");
    };
    arr(out, "CLASSES", "u8", &classes);
    arr(out, "DENSE", "u32", &dense);
    arr(out, "TRANS_START", "u32", &trans_start);
    arr(out, "TRANS_BYTE", "u8", &trans_byte);
    arr(out, "TRANS_NEXT", "u32", &trans_next);
    arr(out, "FAIL", "u32", &fails);
    arr(out, "OUT_START", "u32", &out_start);
    arr(out, "OUTS", "u32", &outs);
    arr(out, "LENS", "u32", &lens);
    let _ = writeln!(
        out,
        "pub(crate) static {name}: crate::static_ac::StaticAc = crate::static_ac::StaticAc {{ classes: &{name}_CLASSES, \
         nclasses: {nclasses}, dense_count: {dense_count}, dense: &{name}_DENSE, \
         trans_start: &{name}_TRANS_START, trans_byte: &{name}_TRANS_BYTE, trans_next: &{name}_TRANS_NEXT, \
         fail: &{name}_FAIL, out_start: &{name}_OUT_START, outs: &{name}_OUTS, lens: &{name}_LENS }};"
    );
}
