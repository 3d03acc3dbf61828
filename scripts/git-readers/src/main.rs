//! Reads every blob id listed in a file with gix or git2 (one thread), counting bytes and lines: the
//! reading half of a history scan, to compare with `git cat-file --batch` (see Cargo.toml).
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args[1].as_str();
    let path = &args[2];
    let t = Instant::now();
    let (mut n, mut bytes, mut nl) = (0u64, 0u64, 0u64);
    match which {
        "gix" => {
            let repo = gix::open(path).unwrap();
            let mut repo = repo;
            repo.object_cache_size_if_unset(64 << 20);
            let ids: Vec<gix::ObjectId> = std::fs::read_to_string(&args[3]).unwrap().lines().map(|l| gix::ObjectId::from_hex(l.as_bytes()).unwrap()).collect();
            for id in ids {
                let o = repo.find_object(id).unwrap();
                if o.kind == gix::object::Kind::Blob {
                    n += 1; bytes += o.data.len() as u64; nl += memchr::memchr_iter(b'\n', &o.data).count() as u64;
                }
            }
        }
        "git2" => {
            let repo = git2::Repository::open(path).unwrap();
            let odb = repo.odb().unwrap();
            let ids: Vec<git2::Oid> = std::fs::read_to_string(&args[3]).unwrap().lines().map(|l| git2::Oid::from_str(l).unwrap()).collect();
            for id in ids {
                let o = odb.read(id).unwrap();
                if o.kind() == git2::ObjectType::Blob {
                    n += 1; bytes += o.data().len() as u64; nl += memchr::memchr_iter(b'\n', o.data()).count() as u64;
                }
            }
        }
        _ => panic!(),
    }
    eprintln!("{which}: {n} blobs {bytes} bytes {nl} lines in {:?}", t.elapsed());
}
