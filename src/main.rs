//! The `gazette` command. Everything it does is in `cli/`, one file per subcommand.

mod cli;

/// jemalloc: Typst's layout allocates heavily, and runs measurably faster with it.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
