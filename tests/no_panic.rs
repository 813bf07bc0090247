//! No input makes the library panic: random bytes, and real reports cut and corrupted at
//! pseudo-random places (a cheap stand-in for the fuzz target).

mod common;

fn lcg(x: &mut u64) -> u64 {
    *x = x
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *x >> 33
}

#[test]
fn random_and_mangled_inputs_never_panic() {
    let opts = nianbao::read::ReadOptions::default();
    let mut seed = 42u64;
    for len in [0usize, 1, 2, 3, 7, 64, 1000, 5000] {
        let bytes: Vec<u8> = (0..len).map(|_| lcg(&mut seed) as u8).collect();
        let _ = nianbao::extract_bytes("random", &bytes, &opts);
    }
    let corpus = common::manifest().join("corpus");
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        let Ok(orig) = std::fs::read(&path) else {
            continue;
        };
        if orig.is_empty() {
            continue;
        }
        for _ in 0..40 {
            let mut b = orig.clone();
            let cut = lcg(&mut seed) as usize % b.len();
            match lcg(&mut seed) % 3 {
                0 => b.truncate(cut),
                1 => {
                    for _ in 0..20 {
                        let i = lcg(&mut seed) as usize % b.len();
                        b[i] = lcg(&mut seed) as u8;
                    }
                }
                _ => b.drain(cut..(cut + 200).min(b.len())).for_each(drop),
            }
            let _ = nianbao::extract_bytes("mangled", &b, &opts);
        }
    }
}

#[test]
fn hostile_html_spans_are_bounded() {
    let html = format!(
        "<html><body><p>二、主动公开政府信息情况</p><table>{}</table></body></html>",
        "<tr><td colspan=\"999999\" rowspan=\"999999\">规章</td><td>1</td></tr>".repeat(5000)
    );
    let r = nianbao::extract_bytes("spans.html", html.as_bytes(), &Default::default());
    assert!(r.is_err(), "expected a limit error");
}
