//! `kura serve`, `kura user …`, `kura token …`: the team server and who may
//! use it.

use crate::UsageError;
use crate::cli::{RoleArg, ScopeArg, ServeArgs, TokenCommand, UserCommand};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::output::{print_table, table};
use crate::web::auth::{hash_password, new_secret, secret_hash};
use crate::web::{AppState, ServerOptions};
use anyhow::Context;
use kura_store::{NewApiToken, NewUser, Role, TokenScope};
use std::io::BufRead;

/// Runs `kura serve`.
pub fn serve(settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    if args.list_routes {
        for r in crate::web::routes() {
            println!("{}\t{}\t{}", r.method, r.path, r.audience.key());
        }
        return Ok(());
    }
    // Create or upgrade the schema once, before the first request.
    let mut store = super::open_store(&settings)?;
    store.migrate().context("migrating the database")?;
    let users = store.users()?;
    drop(store);
    if users.is_empty() {
        eprintln!(
            "kura: {}",
            settings.lang.pick(
                "まだ誰もサインインできません: kura user add NAME --role admin で利用者を追加してください",
                "nobody can sign in yet: add someone with kura user add NAME --role admin",
            )
        );
    }
    let session_ttl: jiff::SignedDuration = args
        .session_ttl
        .parse()
        .ok()
        .filter(|d: &jiff::SignedDuration| d.is_positive())
        .ok_or_else(|| {
            UsageError(match settings.lang {
                Lang::Ja => format!(
                    "--session-ttl: {:?} は期間ではありません: 12h、30m、90s のように指定してください",
                    args.session_ttl
                ),
                Lang::En => format!(
                    "--session-ttl: {:?} is not a duration: use e.g. 12h, 30m or 90s",
                    args.session_ttl
                ),
            })
        })?;
    let options = ServerOptions {
        secure_cookies: args.secure_cookies,
        session_ttl,
        max_body: args.max_body_mib.max(1) * 1024 * 1024,
        ..ServerOptions::default()
    };
    crate::web::serve(AppState::new(settings, options), args.bind)
}

/// Runs `kura user …`.
pub fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let lang = settings.lang;
    let mut store = super::open_store(settings)?;
    match command {
        UserCommand::Add {
            name,
            role,
            rep_id,
            teams,
            password_stdin,
        } => {
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Manager => Role::Manager,
                RoleArg::Rep => Role::Rep,
            };
            if role == Role::Rep && rep_id.is_none() {
                return Err(UsageError(
                    lang.pick(
                        "--role rep には --rep-id が必要です（この人が担当者のどの ID か）",
                        "--role rep needs --rep-id: which rep this person is",
                    )
                    .into(),
                )
                .into());
            }
            if let Some(rep) = &rep_id
                && !store.reps()?.iter().any(|r| &r.rep == rep)
            {
                eprintln!(
                    "kura: {}",
                    match lang {
                        Lang::Ja => format!(
                            "注意: 担当者 {rep} はまだデータにありません（取り込み後に表示されます）"
                        ),
                        Lang::En => format!(
                            "warning: rep {rep} is not in the data yet (their rows show once imported)"
                        ),
                    }
                );
            }
            let password = read_password(lang, password_stdin)?;
            let password_hash = hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
            store.create_user(&NewUser {
                name: name.clone(),
                role,
                rep_id,
                teams,
                password_hash,
            })?;
            println!(
                "{}",
                match lang {
                    Lang::Ja => format!("{name}（{}）を追加しました", role.key()),
                    Lang::En => format!("added {name} ({})", role.key()),
                }
            );
            Ok(())
        }
        UserCommand::List => {
            let mut t = table(&[
                lang.pick("名前", "name"),
                lang.pick("役割", "role"),
                lang.pick("担当者 ID", "rep id"),
                lang.pick("チーム", "teams"),
            ]);
            for u in store.users()? {
                t.add_row([
                    u.name,
                    u.role.key().to_string(),
                    u.rep_id.unwrap_or_default(),
                    u.teams.join(", "),
                ]);
            }
            Ok(print_table(&t)?)
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let user = find_user(&*store, &name, lang)?;
            let password = read_password(lang, password_stdin)?;
            let hash = hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
            store.set_password_hash(user.id, &hash)?;
            println!(
                "{}",
                match lang {
                    Lang::Ja =>
                        format!("{name} のパスワードを変更し、すべてのセッションを終了しました"),
                    Lang::En => format!("changed {name}'s password and ended their sessions"),
                }
            );
            Ok(())
        }
        UserCommand::Remove { name } => {
            let user = find_user(&*store, &name, lang)?;
            store.delete_user(user.id)?;
            println!(
                "{}",
                match lang {
                    Lang::Ja => format!("{name} を削除しました"),
                    Lang::En => format!("removed {name}"),
                }
            );
            Ok(())
        }
    }
}

fn find_user(
    store: &dyn kura_store::Store,
    name: &str,
    lang: Lang,
) -> anyhow::Result<kura_store::UserRecord> {
    store.user_by_name(name)?.ok_or_else(|| {
        UsageError(match lang {
            Lang::Ja => format!("利用者 {name} はいません: kura user list で確認してください"),
            Lang::En => format!("no user named {name}: see kura user list"),
        })
        .into()
    })
}

/// The smallest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;

fn read_password(lang: Lang, from_stdin: bool) -> anyhow::Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let first = rpassword::prompt_password(lang.pick("パスワード: ", "password: "))?;
        let again = rpassword::prompt_password(lang.pick("もう一度: ", "again: "))?;
        if first != again {
            return Err(UsageError(
                lang.pick("パスワードが一致しません", "the passwords differ")
                    .into(),
            )
            .into());
        }
        first
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UsageError(match lang {
            Lang::Ja => format!("パスワードは {MIN_PASSWORD_CHARS} 文字以上にしてください"),
            Lang::En => format!("use a password of at least {MIN_PASSWORD_CHARS} characters"),
        })
        .into());
    }
    Ok(password)
}

/// Runs `kura token …`.
pub fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let lang = settings.lang;
    let mut store = super::open_store(settings)?;
    match command {
        TokenCommand::Create { name, scope } => {
            let secret = format!("kura_{}", new_secret());
            let scope = match scope {
                ScopeArg::Ingest => TokenScope::Ingest,
                ScopeArg::Read => TokenScope::Read,
            };
            store.create_api_token(&NewApiToken {
                name: name.clone(),
                scope,
                token_hash: secret_hash(&secret),
                created: jiff::Timestamp::now(),
            })?;
            // The secret alone on stdout, so scripts can capture it.
            println!("{secret}");
            eprintln!(
                "kura: {}",
                match lang {
                    Lang::Ja => format!(
                        "トークン {name}（{}）を作成しました。この値は二度と表示されません",
                        scope.key()
                    ),
                    Lang::En => format!(
                        "created token {name} ({}); this value is not shown again",
                        scope.key()
                    ),
                }
            );
            Ok(())
        }
        TokenCommand::List => {
            let mut t = table(&[
                "id",
                lang.pick("名前", "name"),
                lang.pick("範囲", "scope"),
                lang.pick("作成", "created"),
            ]);
            for tok in store.api_tokens()? {
                t.add_row([
                    tok.id.to_string(),
                    tok.name,
                    tok.scope.key().to_string(),
                    tok.created.to_string(),
                ]);
            }
            Ok(print_table(&t)?)
        }
        TokenCommand::Revoke { id } => {
            if store.revoke_api_token(id)? {
                println!(
                    "{}",
                    match lang {
                        Lang::Ja => format!("トークン {id} を失効させました"),
                        Lang::En => format!("revoked token {id}"),
                    }
                );
                Ok(())
            } else {
                Err(UsageError(match lang {
                    Lang::Ja => {
                        format!("トークン {id} はありません: kura token list で確認してください")
                    }
                    Lang::En => format!("no token {id}: see kura token list"),
                })
                .into())
            }
        }
    }
}
