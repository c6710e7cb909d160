//! The fuzzing harness as CI runs it: a fixed seed, a few thousand cases, every invariant.
//! Long runs use the binary (`cargo run --release -p formpack-fuzz -- --cases 1000000`).

use std::time::{Duration, Instant};

use formpack_fuzz::{check_case, generate, Seeds};

#[test]
fn a_few_thousand_cases_break_no_invariant() {
    let cases: u64 = std::env::var("FORMPACK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let seeds = Seeds::load();
    let scratch = tempfile::tempdir().unwrap();
    let mut statuses = [0usize; 3];
    let mut verified = 0;
    let mut failures = Vec::new();
    for i in 0..cases {
        let case = generate(&seeds, 20_261_203, i);
        let start = Instant::now();
        // A bundle is built for the first few cases whose check passes and then for one in
        // 100 (debug builds are slow).
        let build = verified < 3 || i % 100 == 0;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_case(&case, scratch.path(), build)
        }));
        let took = start.elapsed();
        match result {
            Ok(Ok(o)) => {
                statuses[o.status as usize] += 1;
                verified += usize::from(o.verified);
            }
            Ok(Err(why)) => failures.push(format!("case {i} ({}): {why}", case.kind())),
            Err(_) => failures.push(format!("case {i} ({}): panic", case.kind())),
        }
        if took > Duration::from_secs(60) {
            failures.push(format!("case {i} ({}): took {took:?}", case.kind()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The mix reaches every outcome: refusals, rule errors and verified bundles.
    assert!(statuses.iter().all(|n| *n > 0), "{statuses:?}");
    assert!(verified > 0, "no bundle was built");
}

/// Found by the 10⁶-case run: the harness's own check called a file name holding `..` a path
/// out of the folder. The check now looks at components.
#[test]
fn the_path_check_looks_at_components() {
    use formpack_fuzz::stays_inside;
    assert!(stays_inside("04_참여의사확인서__.._etc_passwd.hwpx"));
    assert!(stays_inside(
        "members/nuri-ai/04_참여의사확인서_주식회사 누리에이아이.pdf"
    ));
    for bad in ["../x.pdf", "members/../../x", "/etc/passwd", "./x", ".."] {
        assert!(!stays_inside(bad), "{bad}");
    }
}

/// The form seeds fill as they stand, so their mutations start from a fill that works.
#[test]
fn every_form_seed_fills_as_it_stands() {
    let seeds = Seeds::load();
    let scratch = tempfile::tempdir().unwrap();
    assert_eq!(seeds.forms.len(), 3);
    for (form, map) in &seeds.forms {
        let case = formpack_fuzz::Case::Form {
            form: form.clone(),
            map: map.clone(),
            kind: "seed",
        };
        let outcome = check_case(&case, scratch.path(), false).unwrap();
        assert_eq!(outcome.status, 0, "{map}");
    }
}
