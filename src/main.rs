//! The `formpack` command; everything it does is in the library (`formpack::cli`).

// mimalloc rather than the system allocator: a build allocates and frees a great deal on
// every thread (layouts, font subsets, XML), and glibc's malloc hands freed memory back to
// the system and takes fresh pages again, each one zeroed on first touch. Measured in turns
// on 60 members: a correction 0.70–0.75×, a full build 0.87–0.98×; peak memory rises about
// 25 MB (README, "Rebuilds").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    formpack::cli::main()
}
