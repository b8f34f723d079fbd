//! `gbvims explain`: the long explanation of a code.

use clap::Args;
use gbvims_compiler::Code;

use super::{UsageError, EXIT_OK};

/// Arguments of `gbvims explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A code such as `E0007`, or its name such as `option-not-in-lookup`.
    code: Option<String>,
    /// List every code with its summary.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

/// Runs the command.
pub fn run(args: &ExplainArgs) -> Result<u8, UsageError> {
    if args.list || args.code.is_none() {
        let list: String = Code::ALL
            .iter()
            .map(|c| format!("{}  {:<40} {}\n", c.as_str(), c.name(), c.summary()))
            .collect();
        super::output::to_stdout(&list);
        return Ok(EXIT_OK);
    }
    let text = args.code.as_deref().unwrap_or_default();
    match Code::parse(text) {
        Some(code) => {
            super::output::to_stdout(code.explanation());
            Ok(EXIT_OK)
        }
        None => Err(UsageError(format!(
            "`{text}` is not a gbvims diagnostic code; run `gbvims explain --list` to see them all"
        ))),
    }
}
