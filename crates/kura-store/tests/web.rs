//! What a multi-user server keeps in the store (schema 3), told the same way
//! to SQLite and to PostgreSQL: users, sessions, API tokens, sign-in
//! failures shared by several processes, and the data version a server
//! revalidates its cached diagnoses with.

use crate::fixture::Fixture;
use crate::model::*;
use jiff::SignedDuration;
use kura_core::model::{Availability, CustomerState, Record};
use kura_store::{
    NewApiToken, NewSession, NewUser, Role, StoreError, StoredTopic, TokenScope, UserId,
};

crate::on_both_backends!(
    users_are_created_found_changed_and_removed,
    sessions_expire_and_end_with_a_password_change,
    api_tokens_are_found_by_hash_until_revoked,
    login_failures_are_shared_by_every_process,
    data_version_moves_with_committed_facts_only,
);

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser {
        name: name.into(),
        role,
        rep_id: None,
        teams: Vec::new(),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${name}"),
    }
}

fn session(token: &str, user: UserId, created: &str, expires: &str) -> NewSession {
    NewSession {
        token_hash: token.into(),
        user_id: user,
        csrf_token: format!("csrf-{token}"),
        created: ts(created),
        expires: ts(expires),
    }
}

fn users_are_created_found_changed_and_removed(f: &Fixture) {
    let mut store = f.open();
    assert!(store.users().unwrap().is_empty());

    // A manager of two teams, given out of order and once repeated: stored
    // sorted, without the repeat.
    let yamada = store
        .create_user(&NewUser {
            teams: vec!["東京".into(), "Osaka".into(), "東京".into()],
            ..new_user("yamada", Role::Manager)
        })
        .unwrap();
    let sato = store
        .create_user(&NewUser {
            rep_id: Some("r1".into()),
            ..new_user("sato", Role::Rep)
        })
        .unwrap();
    let admin = store.create_user(&new_user("admin", Role::Admin)).unwrap();
    assert_ne!(yamada, sato);

    let found = store
        .user_by_name("yamada")
        .unwrap()
        .expect("yamada exists");
    assert_eq!(found.id, yamada);
    assert_eq!(found.role, Role::Manager);
    assert_eq!(found.teams, vec!["Osaka".to_string(), "東京".to_string()]);
    assert_eq!(found.rep_id, None);
    assert_eq!(
        found.password_hash,
        new_user("yamada", Role::Admin).password_hash
    );
    let by_id = store.user_by_id(sato).unwrap().expect("sato exists");
    assert_eq!((by_id.name.as_str(), by_id.role), ("sato", Role::Rep));
    assert_eq!(by_id.rep_id.as_deref(), Some("r1"));
    assert!(by_id.teams.is_empty());
    // Names are exact: no case folding.
    assert_eq!(store.user_by_name("Yamada").unwrap(), None);
    assert_eq!(store.user_by_id(UserId(-1)).unwrap(), None);

    // Every user, by name.
    let names: Vec<String> = store.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["admin", "sato", "yamada"]);

    // A taken name is a typed error that says so in both languages, and
    // leaves the first user as it was.
    let err = store
        .create_user(&new_user("sato", Role::Admin))
        .expect_err("the name is taken");
    assert!(matches!(&err, StoreError::DuplicateUser { name } if name == "sato"));
    assert_eq!(
        err.to_string(),
        "a user named \"sato\" already exists: choose another name, or remove that user first"
    );
    assert!(err.message_ja().contains("利用者 \"sato\" はすでにいます"));
    assert_eq!(store.user_by_name("sato").unwrap().unwrap().role, Role::Rep);
    assert_eq!(store.users().unwrap().len(), 3);

    // A new password hash replaces the old one.
    assert!(store.set_password_hash(sato, "$argon2id$new").unwrap());
    assert_eq!(
        store.user_by_id(sato).unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    assert!(!store.set_password_hash(UserId(9999), "x").unwrap());

    // Removing a user frees the name; a new user never gets the old id.
    assert!(store.delete_user(yamada).unwrap());
    assert!(!store.delete_user(yamada).unwrap());
    assert_eq!(store.user_by_name("yamada").unwrap(), None);
    let again = store
        .create_user(&new_user("yamada", Role::Manager))
        .unwrap();
    assert!(
        again != yamada && again.0 > admin.0,
        "{again} after {admin}"
    );
    assert!(store.user_by_id(again).unwrap().unwrap().teams.is_empty());
}

fn sessions_expire_and_end_with_a_password_change(f: &Fixture) {
    let mut store = f.open();
    let sato = store
        .create_user(&NewUser {
            rep_id: Some("r1".into()),
            ..new_user("sato", Role::Rep)
        })
        .unwrap();
    let suzuki = store.create_user(&new_user("suzuki", Role::Admin)).unwrap();
    let (created, expires) = ("2026-01-05T00:00:00Z", "2026-01-05T12:00:00Z");
    store
        .create_session(&session("s1", sato, created, expires))
        .unwrap();
    store
        .create_session(&session("s2", sato, created, "2026-01-06T00:00:00Z"))
        .unwrap();
    store
        .create_session(&session("k1", suzuki, created, expires))
        .unwrap();

    // Valid up to the instant before it expires, not at that instant.
    let s = store
        .session("s1", ts("2026-01-05T11:59:59.999Z"))
        .unwrap()
        .expect("valid until it expires");
    assert_eq!(s.user.id, sato);
    assert_eq!(s.user.rep_id.as_deref(), Some("r1"));
    assert_eq!(s.csrf_token, "csrf-s1");
    assert_eq!(s.expires, ts(expires));
    assert_eq!(store.session("s1", ts(expires)).unwrap(), None);
    assert_eq!(store.session("nope", ts(created)).unwrap(), None);

    // A session for a user that does not exist is refused.
    let err = store
        .create_session(&session("s9", UserId(9999), created, expires))
        .expect_err("no such user");
    assert!(matches!(err, StoreError::UnknownUser { id: UserId(9999) }));
    assert_eq!(
        err.to_string(),
        "there is no user with id 9999: it may have been removed"
    );

    // Purging at 12:00 removes s1 and k1 (expired exactly then), not s2.
    assert_eq!(store.purge_expired_sessions(ts(expires)).unwrap(), 2);
    assert!(
        store
            .session("s2", ts("2026-01-05T13:00:00Z"))
            .unwrap()
            .is_some()
    );

    // Changing the password ends every session of that user at once.
    store
        .create_session(&session("s3", sato, created, "2026-01-06T00:00:00Z"))
        .unwrap();
    store
        .create_session(&session("k2", suzuki, created, "2026-01-06T00:00:00Z"))
        .unwrap();
    let noon = ts("2026-01-05T12:00:00Z");
    assert!(store.set_password_hash(sato, "$argon2id$changed").unwrap());
    assert_eq!(store.session("s2", noon).unwrap(), None);
    assert_eq!(store.session("s3", noon).unwrap(), None);
    // Another user's session is untouched.
    assert_eq!(store.session("k2", noon).unwrap().unwrap().user.id, suzuki);

    // Signing out ends one session; ending all of a user's ends the rest.
    store
        .create_session(&session("s4", sato, created, "2026-01-06T00:00:00Z"))
        .unwrap();
    store
        .create_session(&session("s5", sato, created, "2026-01-06T00:00:00Z"))
        .unwrap();
    assert!(store.delete_session("s4").unwrap());
    assert!(!store.delete_session("s4").unwrap());
    assert_eq!(store.session("s4", noon).unwrap(), None);
    assert_eq!(store.delete_sessions_of(sato).unwrap(), 1);
    assert_eq!(store.session("s5", noon).unwrap(), None);

    // A session shows the user as stored now; removing the user ends it.
    assert_eq!(
        store.session("k2", noon).unwrap().unwrap().user.role,
        Role::Admin
    );
    assert!(store.delete_user(suzuki).unwrap());
    assert_eq!(store.session("k2", noon).unwrap(), None);
}

fn api_tokens_are_found_by_hash_until_revoked(f: &Fixture) {
    let mut store = f.open();
    assert!(store.api_tokens().unwrap().is_empty());
    let token = |name: &str, scope, hash: &str| NewApiToken {
        name: name.into(),
        scope,
        token_hash: hash.into(),
        created: ts("2026-01-05T09:00:00Z"),
    };
    let nightly = store
        .create_api_token(&token("crm-nightly", TokenScope::Ingest, "h1"))
        .unwrap();
    let dash = store
        .create_api_token(&token("dashboard", TokenScope::Read, "h2"))
        .unwrap();

    let found = store.api_token("h1").unwrap().expect("h1 is stored");
    assert_eq!(found.id, nightly);
    assert_eq!(found.name, "crm-nightly");
    assert_eq!(found.scope, TokenScope::Ingest);
    assert_eq!(found.created, ts("2026-01-05T09:00:00Z"));
    assert_eq!(
        store.api_token("h2").unwrap().unwrap().scope,
        TokenScope::Read
    );
    assert_eq!(store.api_token("h3").unwrap(), None);
    let ids: Vec<i64> = store.api_tokens().unwrap().iter().map(|t| t.id).collect();
    assert_eq!(ids, [nightly, dash]);

    // Revoked: no longer found or listed; the id is not given again.
    assert!(store.revoke_api_token(dash).unwrap());
    assert!(!store.revoke_api_token(dash).unwrap());
    assert_eq!(store.api_token("h2").unwrap(), None);
    assert_eq!(store.api_tokens().unwrap().len(), 1);
    let next = store
        .create_api_token(&token("dashboard", TokenScope::Read, "h4"))
        .unwrap();
    assert!(next > dash, "{next} after {dash}");
}

fn login_failures_are_shared_by_every_process(f: &Fixture) {
    // Two opened stores stand for two server processes.
    let mut a = f.open();
    let mut b = f.open();
    let key = "sato@203.0.113.7";
    for at in ["2026-01-05T09:00:00Z", "2026-01-05T09:10:00Z"] {
        a.record_login_failure(key, ts(at)).unwrap();
    }
    b.record_login_failure(key, ts("2026-01-05T09:14:00Z"))
        .unwrap();
    b.record_login_failure("other", ts("2026-01-05T09:14:00Z"))
        .unwrap();
    // Since 09:00 inclusive: all three, whichever process recorded them.
    let window = SignedDuration::from_mins(15);
    let now = ts("2026-01-05T09:15:00Z");
    assert_eq!(
        a.login_failures_since(key, now.checked_sub(window).unwrap())
            .unwrap(),
        3
    );
    assert_eq!(
        b.login_failures_since(key, ts("2026-01-05T09:00:00.001Z"))
            .unwrap(),
        2
    );
    assert_eq!(b.login_failures_since("nobody", now).unwrap(), 0);

    // Purging forgets what is older than any window still counted.
    assert_eq!(
        a.purge_login_failures(ts("2026-01-05T09:10:00Z")).unwrap(),
        1
    );
    assert_eq!(
        b.login_failures_since(key, ts("2026-01-05T00:00:00Z"))
            .unwrap(),
        2
    );

    // A successful sign-in clears that key only.
    b.clear_login_failures(key).unwrap();
    assert_eq!(
        a.login_failures_since(key, ts("2026-01-05T00:00:00Z"))
            .unwrap(),
        0
    );
    assert_eq!(
        a.login_failures_since("other", ts("2026-01-05T00:00:00Z"))
            .unwrap(),
        1
    );
}

fn data_version_moves_with_committed_facts_only(f: &Fixture) {
    let mut store = f.open();
    let other = f.open();
    let v0 = store.data_version().unwrap();
    let activity = || Record::Activity(call("A1", "r1", "2020-09-23T01:00:00Z"));

    // A committed import moves it, as another process sees.
    import(
        &mut *store,
        kura_store::ImportMeta::new("kura"),
        vec![activity()],
    );
    let v1 = store.data_version().unwrap();
    assert!(v1 > v0, "{v1} after {v0}");
    assert_eq!(other.data_version().unwrap(), v1);

    // A rolled-back or abandoned import does not.
    let mut tx = store
        .begin_import(kura_store::ImportMeta::new("kura"))
        .unwrap();
    tx.put(Record::Activity(call("A2", "r1", "2020-09-24T01:00:00Z")))
        .unwrap();
    tx.rollback().unwrap();
    {
        let mut tx = store
            .begin_import(kura_store::ImportMeta::new("kura"))
            .unwrap();
        tx.put(Record::Activity(call("A3", "r1", "2020-09-24T01:00:00Z")))
            .unwrap();
    }
    assert_eq!(store.data_version().unwrap(), v1);
    assert_eq!(other.data_version().unwrap(), v1);

    // An availability note moves it when it changes something, not when
    // it is set again as it is.
    let note = Availability {
        target: "L1".into(),
        from: jiff::civil::date(2020, 9, 28),
        to: jiff::civil::date(2020, 9, 30),
        state: CustomerState::Away,
        note: None,
    };
    store.set_availability(note.clone()).unwrap();
    let v2 = store.data_version().unwrap();
    assert!(v2 > v1);
    store.set_availability(note).unwrap();
    assert_eq!(store.data_version().unwrap(), v2);

    // Topics: putting one moves it; removing one moves it, removing none
    // does not.
    let topic = StoredTopic {
        id: "t1".into(),
        title_ja: "決算期".into(),
        title_en: "Fiscal year end".into(),
        date: None,
        source: "manual".into(),
        file: "topics.toml".into(),
        provenance: None,
        raw: String::new(),
    };
    store.put_topic(&topic).unwrap();
    let v3 = store.data_version().unwrap();
    assert!(v3 > v2);
    assert!(store.remove_topic("t1").unwrap());
    let v4 = store.data_version().unwrap();
    assert!(v4 > v3);
    assert!(!store.remove_topic("t1").unwrap());
    assert_eq!(store.data_version().unwrap(), v4);

    // Users, sessions and tokens are not facts: the version stays.
    let u = store.create_user(&new_user("sato", Role::Rep)).unwrap();
    store
        .create_session(&session(
            "s1",
            u,
            "2026-01-05T00:00:00Z",
            "2026-01-06T00:00:00Z",
        ))
        .unwrap();
    store
        .record_login_failure("k", ts("2026-01-05T00:00:00Z"))
        .unwrap();
    assert_eq!(store.data_version().unwrap(), v4);
}
