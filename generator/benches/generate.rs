//! Whole-corpus generation against a floor measured in the same run.
//!
//! `cargo bench -p graph-docgen` times `Generator::generate` on every page of
//! `../shared/graph-docs` (v1.0 and beta) into an empty folder, and a floor that does only
//! the unavoidable work: listing and reading every page, iterating pulldown-cmark's events
//! over it (the options the page reader uses), and writing as many bytes as the generator
//! wrote. Both run on the same rayon pool, alternating, several times. The ratio is the
//! median of the runs' ratios, each generator run over the floor run right after it, so
//! that a machine whose speed drifts during the bench moves both sides of each ratio; the
//! medians of the wall times, their ratio, and the CPU times (`getrusage(RUSAGE_SELF)`, all
//! threads) are printed beside it. Peak memory is the maximum
//! resident set of the release CLI (`graph-docgen generate` on the same corpus) run as a
//! child process before anything else, read with `getrusage(RUSAGE_CHILDREN)`. Both use
//! mimalloc, the CLI's allocator.
//!
//! `GRAPH_CORPUS_DIR` names another corpus; `GRAPH_BENCH_ITERATIONS` sets the number of
//! runs (default 11). Without the corpus the bench prints a notice and stops. Under
//! `cargo test --all-targets` (no `--bench` argument) it makes one quick pass over
//! `docs-input` instead, so that the code stays working.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

use graph_docgen::Generator;

// The allocator the CLI uses, so that the in-process runs time what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The generator's limits from issue 6.
const MAX_RATIO: f64 = 5.0;
/// Megabytes of 10^6 bytes, the stricter reading of "300 MB".
const MAX_PEAK_MB: f64 = 300.0;

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (corpus, iterations) = if benching {
        let corpus = std::env::var_os("GRAPH_CORPUS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest.join("../../shared/graph-docs"));
        let iterations = std::env::var("GRAPH_BENCH_ITERATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(11);
        (corpus, iterations)
    } else {
        (manifest.join("../docs-input"), 1)
    };
    if !corpus.is_dir() {
        println!(
            "notice: {} is absent; the whole-corpus benchmark is skipped",
            corpus.display()
        );
        return;
    }
    if !benching {
        println!("smoke run over docs-input; `cargo bench -p graph-docgen` measures the corpus");
    }
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a scratch folder");
    run(&corpus, iterations, scratch.path(), benching);
}

fn run(corpus: &Path, iterations: usize, scratch: &Path, benching: bool) {
    let corpus = &corpus
        .canonicalize()
        .unwrap_or_else(|_| corpus.to_path_buf());
    let pages = list_pages(corpus);
    let page_bytes: u64 = pages
        .iter()
        .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    // The child's peak is read first, while this process is still small: until it execs, a
    // spawned child shares its parent's memory, and Linux counts the parent's high-water
    // mark in the child's `ru_maxrss`.
    let (cli_time, peak_kb) = peak_memory(corpus, &scratch.join("cli"));
    let (peak_mib, peak_mb) = (peak_kb as f64 / 1024.0, peak_kb as f64 * 1024.0 / 1e6);
    // One untimed pass each, so that both timed series start with the pages in the cache.
    let (_, written) = generate(corpus, &scratch.join("warm-generate"));
    floor(corpus, written, &scratch.join("warm-floor"));

    let load_before = load_average();
    let (mut generator_times, mut generator_cpu) = (Vec::new(), Vec::new());
    let (mut floor_times, mut floor_cpu) = (Vec::new(), Vec::new());
    for i in 0..iterations {
        let out = scratch.join(format!("generate-{i}"));
        let cpu = cpu_time();
        let (time, bytes) = generate(corpus, &out);
        generator_cpu.push(cpu_time() - cpu);
        assert_eq!(bytes, written, "the output size changed between runs");
        generator_times.push(time);
        let _ = fs::remove_dir_all(&out);
        let out = scratch.join(format!("floor-{i}"));
        let cpu = cpu_time();
        floor_times.push(floor(corpus, written, &out));
        floor_cpu.push(cpu_time() - cpu);
        let _ = fs::remove_dir_all(&out);
    }
    let mut ratios: Vec<f64> = generator_times
        .iter()
        .zip(&floor_times)
        .map(|(generator, floor)| generator.as_secs_f64() / floor.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let (lowest, highest) = (ratios[0], ratios[ratios.len() - 1]);
    let generator = median(&mut generator_times);
    let floor = median(&mut floor_times);
    let (generator_cpu, floor_cpu) = (median(&mut generator_cpu), median(&mut floor_cpu));
    let medians_ratio = generator.as_secs_f64() / floor.as_secs_f64();
    let cpu_ratio = generator_cpu.as_secs_f64() / floor_cpu.as_secs_f64();

    println!(
        "corpus     {}: {} pages, {:.1} MB; output {:.1} MB",
        corpus.display(),
        pages.len(),
        page_bytes as f64 / 1e6,
        written as f64 / 1e6
    );
    println!(
        "runs       {iterations} of each, alternating, on {} rayon threads; load average \
         {load_before} before, {} after",
        rayon::current_num_threads(),
        load_average()
    );
    println!(
        "floor      {:>8.3} s  (median; {:.3} s CPU; list, read, pulldown-cmark events, write the \
         output's bytes)",
        floor.as_secs_f64(),
        floor_cpu.as_secs_f64()
    );
    println!(
        "generator  {:>8.3} s  (median; {:.3} s CPU; Generator::generate into an empty folder)",
        generator.as_secs_f64(),
        generator_cpu.as_secs_f64()
    );
    println!(
        "ratio      {ratio:>8.2}    (target <= {MAX_RATIO}; median of the runs' ratios, which \
         range {lowest:.2} to {highest:.2}; of the median times {medians_ratio:.2}, of CPU \
         times {cpu_ratio:.2})"
    );
    println!(
        "peak RSS   {peak_mb:>8.1} MB  ({peak_mib:.1} MiB; target < {MAX_PEAK_MB} MB; the CLI's \
         `generate` as a child process, {:.3} s, max RSS by getrusage(RUSAGE_CHILDREN))",
        cli_time.as_secs_f64()
    );
    if !benching {
        return;
    }
    println!(
        "verdict    speed {}, memory {}",
        verdict(ratio <= MAX_RATIO),
        verdict(peak_mb < MAX_PEAK_MB)
    );
}

/// Every `.md` file under `corpus`, sorted.
fn list_pages(corpus: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = WalkDir::new(corpus)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    pages
}

/// Generates the whole corpus into `out`; returns the time and the bytes written.
fn generate(corpus: &Path, out: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let report = Generator::new(corpus)
        .out_dir(out)
        .generate()
        .expect("the corpus can be generated");
    let time = start.elapsed();
    assert!(report.written.written > 0, "nothing was written");
    (time, report.written.bytes)
}

/// Lists and reads every page, iterates its markdown events, and writes `bytes` bytes.
fn floor(corpus: &Path, bytes: usize, out: &Path) -> Duration {
    let start = Instant::now();
    let pages = list_pages(corpus);
    let events: usize = pages
        .par_iter()
        .map(|page| {
            let text = fs::read_to_string(page).unwrap_or_default();
            Parser::new_ext(&text, Options::ENABLE_TABLES).count()
        })
        .sum();
    fs::create_dir_all(out).expect("a floor folder");
    fs::write(out.join("output.bin"), vec![b'\n'; bytes]).expect("the floor writes");
    let time = start.elapsed();
    assert!(events > 0, "the floor saw no markdown");
    time
}

/// Runs the CLI on the corpus as a child; returns its wall time and its peak RSS in KiB.
fn peak_memory(corpus: &Path, out: &Path) -> (Duration, i64) {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_graph-docgen"))
        .arg("generate")
        .arg("--docs")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the CLI runs");
    let time = start.elapsed();
    assert!(status.success(), "the CLI failed: {status}");
    // SAFETY: `getrusage` only writes the struct it is given; zeroed is a valid `rusage`.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    // Linux reports `ru_maxrss` in KiB.
    (time, usage.ru_maxrss)
}

/// User and system time of this process so far, all threads.
fn cpu_time() -> Duration {
    // SAFETY: `getrusage` only writes the struct it is given; zeroed is a valid `rusage`.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_SELF, &mut usage), 0);
        usage
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}

/// The one-minute load average, to tell a busy machine's figures from a quiet one's.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}
