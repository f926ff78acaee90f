//! `hotline users ...`: staff accounts from the command line.
//!
//! ```text
//! hotline users add USERNAME --role admin|supervisor|caseworker|agent --name NAME [--department ID] [--invite]
//! hotline users reset-password USERNAME
//! hotline users disable USERNAME
//! ```
//!
//! A password is read from standard input, never from the arguments (which
//! other users of the machine can see in the process list and which stay in
//! the shell's history): typed at a terminal without echo, twice, or as the
//! first line of a pipe. The audit trail names the operator by the login
//! that ran the command.

use super::{connect, Config};
use crate::clock::china;
use crate::services::staff_accounts::{self, AccountRef, FirstPassword, NewMember, Operator};
use chrono::{DateTime, Utc};
use std::io::{BufRead, IsTerminal, Write};

pub const USAGE: &str = "usage:
  hotline users add USERNAME --role admin|supervisor|caseworker|agent --name NAME [--department ID] [--invite]
      the password is read from standard input (typed twice at a terminal, or the first line of a pipe);
      with --invite a one-time link is printed instead, where the member chooses it
  hotline users reset-password USERNAME     print a one-time link where the member sets a new password
  hotline users disable USERNAME            disable the account; its sessions end at once";

/// Where a command reads what the operator types and writes its answer,
/// and who the operator is.
pub struct Terminal<'a> {
    /// The login that runs the command, as the audit trail names it.
    pub operator: String,
    /// The time the command acts at (the system's clock, or a test's).
    pub clock: &'a dyn crate::clock::Clock,
    pub input: &'a mut dyn BufRead,
    /// A person types at a terminal: prompts are shown (on standard error)
    /// and what is typed is not echoed.
    pub interactive: bool,
    pub output: &'a mut dyn Write,
}

impl Terminal<'_> {
    /// Whether standard input is a terminal, where a person types.
    pub fn stdin_is_a_terminal() -> bool {
        std::io::stdin().is_terminal()
    }

    /// The login running this process: the user who ran `sudo`, if any,
    /// and the account the command runs as.
    pub fn operator_login() -> String {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        // SAFETY: getuid has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        let login = var("LOGNAME").or_else(|| var("USER")).unwrap_or_else(|| format!("uid {uid}"));
        match var("SUDO_USER") {
            Some(person) if person != login => format!("{person} (sudo as {login})"),
            _ => login,
        }
    }
}

pub async fn run(config: &Config, args: &[&str], terminal: &mut Terminal<'_>) -> anyhow::Result<()> {
    match args {
        ["add", username, options @ ..] => add(config, username, options, terminal).await,
        ["reset-password", username] => reset_password(config, username, terminal).await,
        ["disable", username] => disable(config, username, terminal).await,
        _ => anyhow::bail!("{USAGE}"),
    }
}

/// The options of `users add`, in any order.
#[derive(Debug, Default, PartialEq, Eq)]
struct AddOptions<'a> {
    role: Option<&'a str>,
    name: Option<&'a str>,
    department: Option<&'a str>,
    invite: bool,
}

fn add_options<'a>(mut options: &[&'a str]) -> anyhow::Result<AddOptions<'a>> {
    let mut parsed = AddOptions::default();
    loop {
        options = match options {
            [] => break,
            ["--role", role, rest @ ..] => {
                parsed.role = Some(role);
                rest
            }
            ["--name", name, rest @ ..] => {
                parsed.name = Some(name);
                rest
            }
            ["--department", department, rest @ ..] => {
                parsed.department = Some(department);
                rest
            }
            ["--invite", rest @ ..] => {
                parsed.invite = true;
                rest
            }
            [password, ..] if password.starts_with("--password") => {
                anyhow::bail!("a password is never given on the command line: it is read from standard input")
            }
            _ => anyhow::bail!("{USAGE}"),
        };
    }
    Ok(parsed)
}

async fn add(config: &Config, username: &str, options: &[&str], terminal: &mut Terminal<'_>) -> anyhow::Result<()> {
    let options = add_options(options)?;
    let role = options.role.ok_or_else(|| anyhow::anyhow!("--role is required\n{USAGE}"))?;
    let name = options.name.ok_or_else(|| anyhow::anyhow!("--name is required\n{USAGE}"))?;
    let member = NewMember { username, display_name: name, role, department_id: options.department };
    staff_accounts::check_new_member(member)?;
    let password = match options.invite {
        true => None,
        false => Some(read_password(terminal, username)?),
    };
    let first = match &password {
        Some(password) => FirstPassword::ChosenByOperator(password),
        None => FirstPassword::Invitation,
    };
    let db = connect(config).await?;
    let operator = Operator::CommandLine { login: &terminal.operator };
    let added = staff_accounts::add(&db, terminal.clock.now(), operator, member, first).await;
    db.close().await;
    let added = added?;
    let out = &mut terminal.output;
    writeln!(out, "added {} ({})", added.username, added.role.key())?;
    match added.link {
        Some(link) => {
            writeln!(out, "invitation link, valid once until {}:", china_time(link.expires_at))?;
            writeln!(out, "{}", link.url(config.links_base()))?;
        }
        None => writeln!(out, "they choose their own password when they first sign in")?,
    }
    Ok(())
}

async fn reset_password(config: &Config, username: &str, terminal: &mut Terminal<'_>) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let operator = Operator::CommandLine { login: &terminal.operator };
    let reset = staff_accounts::reset_link(&db, terminal.clock.now(), operator, AccountRef::Username(username)).await;
    db.close().await;
    let (user, link) = reset?;
    let out = &mut terminal.output;
    writeln!(out, "reset link for {}, valid once until {}:", user.username, china_time(link.expires_at))?;
    writeln!(out, "{}", link.url(config.links_base()))?;
    writeln!(out, "the current password keeps working until the link is used")?;
    Ok(())
}

async fn disable(config: &Config, username: &str, terminal: &mut Terminal<'_>) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let operator = Operator::CommandLine { login: &terminal.operator };
    let done = staff_accounts::disable(&db, terminal.clock.now(), operator, AccountRef::Username(username)).await;
    db.close().await;
    let done = done?;
    match done.was_active {
        true => writeln!(terminal.output, "disabled {username}; {} session(s) ended", done.sessions_ended)?,
        false => writeln!(terminal.output, "{username} was disabled already")?,
    }
    Ok(())
}

fn china_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%d %H:%M (China time)").to_string()
}

/// The password for a new account: typed twice without echo at a
/// terminal, or the first line of a pipe (its line ending removed).
fn read_password(terminal: &mut Terminal<'_>, username: &str) -> anyhow::Result<String> {
    if !terminal.interactive {
        let mut line = String::new();
        terminal.input.read_line(&mut line)?;
        anyhow::ensure!(!line.is_empty(), "no password on standard input: give one line, or use --invite");
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    let minimum = crate::domain::password::MIN_PASSWORD_CHARS;
    let first = prompt_hidden(terminal, &format!("password for {username} (at least {minimum} characters): "))?;
    let again = prompt_hidden(terminal, "the same password again: ")?;
    anyhow::ensure!(first == again, "the two passwords differ; nothing was changed");
    Ok(first)
}

fn prompt_hidden(terminal: &mut Terminal<'_>, prompt: &str) -> anyhow::Result<String> {
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    let _hidden = EchoOff::on_stdin();
    let mut line = String::new();
    terminal.input.read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Turns the terminal's echo off until dropped, so that a typed password
/// is not shown (and not left on the screen).
struct EchoOff(Option<libc::termios>);

impl EchoOff {
    fn on_stdin() -> EchoOff {
        // SAFETY: termios is plain data; tcgetattr fills it or fails, and
        // tcsetattr only reads it. Standard input stays open meanwhile.
        unsafe {
            let mut settings: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut settings) != 0 {
                return EchoOff(None);
            }
            let saved = settings;
            settings.c_lflag &= !libc::ECHO;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &settings) != 0 {
                return EchoOff(None);
            }
            EchoOff(Some(saved))
        }
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        if let Some(saved) = &self.0 {
            // SAFETY: as above; `saved` came from tcgetattr.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved);
            }
            // The Enter key was not echoed either.
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_of_add_come_in_any_order() {
        let options = add_options(&["--name", "周斌", "--invite", "--role", "caseworker", "--department", "brigade"]);
        let expected =
            AddOptions { role: Some("caseworker"), name: Some("周斌"), department: Some("brigade"), invite: true };
        assert_eq!(options.unwrap(), expected);
        assert_eq!(add_options(&[]).unwrap(), AddOptions::default());
    }

    #[test]
    fn a_password_option_is_refused_with_the_reason() {
        for args in [&["--password", "secret-secret"][..], &["--password=secret-secret"][..]] {
            let error = add_options(args).unwrap_err().to_string();
            assert!(error.contains("never given on the command line"), "{error}");
        }
    }

    #[test]
    fn an_unknown_or_incomplete_option_shows_the_usage() {
        for args in [&["--rol", "admin"][..], &["--role"][..], &["extra"][..]] {
            assert!(add_options(args).unwrap_err().to_string().starts_with("usage:"), "{args:?}");
        }
    }

    #[test]
    fn a_piped_password_is_its_first_line_without_the_line_ending() {
        let mut input: &[u8] = b"Tram-Velvet-Orchid-42\r\nignored\n";
        let mut output = Vec::new();
        let clock = crate::clock::SystemClock;
        let mut terminal = Terminal {
            operator: "ops".into(),
            clock: &clock,
            input: &mut input,
            interactive: false,
            output: &mut output,
        };
        assert_eq!(read_password(&mut terminal, "zhou").unwrap(), "Tram-Velvet-Orchid-42");
        let mut empty: &[u8] = b"";
        terminal.input = &mut empty;
        assert!(read_password(&mut terminal, "zhou").unwrap_err().to_string().contains("--invite"));
    }
}
