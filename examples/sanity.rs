fn main() {
    let p = std::path::Path::new(&std::env::args().nth(1).unwrap()).to_path_buf();
    match formpack::load::load(&p) {
        Ok(i) => {
            let f = formpack::figures::Figures::compute(&i.data, &[2026, 2027]);
            println!(
                "total {} national {} local {} ratio {} {}",
                f.total.total(),
                f.total.national,
                f.total.local,
                f.matching_ratio.percent(),
                f.local_ratio.percent()
            );
            println!(
                "assets {:?}",
                f.assets
                    .iter()
                    .map(|a| (&a.member, a.total, &a.budget_by_year))
                    .collect::<Vec<_>>()
            );
        }
        Err(d) => println!("{d:?}"),
    }
}
