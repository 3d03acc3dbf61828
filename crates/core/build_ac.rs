//! Aho-Corasick automata computed at build time and written out as static tables, so that a process
//! that scans one message or one file pays nothing to build them (the aho-corasick crate spends about
//! 6 ms of CPU building the prose detector's 4,500 terms). src/static_ac.rs reads the tables.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;

/// Writes `static {NAME}: StaticAc` for `patterns` (bytes; pattern id = index) into `out`.
///
/// Tables: a dense root row; per other state, its sorted edges, its failure state and its outputs
/// (own patterns first, then those of its failure state, as the aho-corasick crate orders them).
pub fn write_tables(out: &mut String, name: &str, patterns: &[&[u8]]) {
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
    let n = edges.len();
    let mut fail = vec![0u32; n];
    let mut outputs: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &c in edges[0].values() {
        queue.push_back(c as usize);
        outputs[c as usize] = own[c as usize].clone();
    }
    while let Some(s) = queue.pop_front() {
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
            let mut o = own[c].clone();
            o.extend_from_slice(&outputs[target as usize]);
            outputs[c] = o;
            queue.push_back(c);
        }
    }
    let mut root = [0u32; 256];
    for (&b, &c) in &edges[0] {
        root[b as usize] = c;
    }
    let (mut trans_start, mut trans_byte, mut trans_next) = (Vec::with_capacity(n + 1), Vec::new(), Vec::new());
    let (mut out_start, mut outs) = (Vec::with_capacity(n + 1), Vec::new());
    for s in 0..n {
        trans_start.push(trans_byte.len() as u32);
        for (&b, &c) in &edges[s] {
            trans_byte.push(b);
            trans_next.push(c);
        }
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
    arr(out, "ROOT", "u32", &root);
    arr(out, "TRANS_START", "u32", &trans_start);
    let bytes: Vec<u32> = trans_byte.iter().map(|&b| b as u32).collect();
    arr(out, "TRANS_BYTE", "u8", &bytes);
    arr(out, "TRANS_NEXT", "u32", &trans_next);
    arr(out, "FAIL", "u32", &fail);
    arr(out, "OUT_START", "u32", &out_start);
    arr(out, "OUTS", "u32", &outs);
    arr(out, "LENS", "u32", &lens);
    let _ = writeln!(
        out,
        "pub(crate) static {name}: crate::static_ac::StaticAc = crate::static_ac::StaticAc {{ root: &{name}_ROOT, \
         trans_start: &{name}_TRANS_START, trans_byte: &{name}_TRANS_BYTE, trans_next: &{name}_TRANS_NEXT, \
         fail: &{name}_FAIL, out_start: &{name}_OUT_START, outs: &{name}_OUTS, lens: &{name}_LENS }};"
    );
}
