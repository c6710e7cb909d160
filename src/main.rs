fn main() -> std::process::ExitCode {
    formpack::cli::main()
}
