//! The SQLite schema, as numbered migrations. `PRAGMA user_version` says how
//! many have run; each runs once, in order, in its own transaction.

pub const MIGRATIONS: &[&str] = &[
    // 1: everything the foundation needs.
    r#"
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE employers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        district INTEGER NOT NULL,
        medical_institution INTEGER NOT NULL DEFAULT 0,
        contact TEXT NOT NULL DEFAULT ''
    );
    -- Listing and filtering read only this narrow table; the long texts
    -- live in job_texts. Ids follow the order jobs were added, so "newest
    -- first" is the rowid order every index can stream.
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        employer_id INTEGER NOT NULL REFERENCES employers(id),
        kind TEXT NOT NULL,
        district INTEGER NOT NULL,
        salary_min INTEGER NOT NULL,
        salary_max INTEGER NOT NULL,
        openings INTEGER NOT NULL DEFAULT 1,
        suits_visual INTEGER NOT NULL DEFAULT 0,
        remote INTEGER NOT NULL DEFAULT 0,
        requires_practice_certificate INTEGER NOT NULL DEFAULT 0,
        posted_on TEXT NOT NULL,
        closes_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        title TEXT NOT NULL
    );
    CREATE INDEX jobs_by_district ON jobs (district);
    CREATE INDEX jobs_by_kind ON jobs (kind);
    CREATE TABLE job_texts (
        job_id INTEGER PRIMARY KEY REFERENCES jobs(id),
        address TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        accommodations TEXT NOT NULL DEFAULT '',
        how_to_apply TEXT NOT NULL DEFAULT ''
    );
    -- Two indexes over one text per job (title, employer, description, and
    -- the kind and district in both languages, so "massage" finds 按摩
    -- postings too): trigrams for substrings of three characters or more,
    -- and single characters, character pairs and words for shorter queries.
    CREATE VIRTUAL TABLE jobs_fts USING fts5 (body, tokenize = 'trigram');
    CREATE VIRTUAL TABLE jobs_words USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

    CREATE TABLE counselors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        center TEXT NOT NULL,
        district INTEGER NOT NULL
    );
    CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        mobile TEXT NOT NULL DEFAULT '',
        certificate TEXT NOT NULL DEFAULT '',
        district INTEGER,
        education TEXT,
        braille_reader INTEGER NOT NULL DEFAULT 0,
        formats TEXT NOT NULL DEFAULT '',
        desired_work TEXT NOT NULL DEFAULT '',
        needs TEXT NOT NULL DEFAULT '',
        consent_at TEXT,
        massage_level TEXT,
        practice_certificate INTEGER NOT NULL DEFAULT 0,
        visual_component_confirmed INTEGER NOT NULL DEFAULT 0,
        certificate_valid_until TEXT,
        counselor_id INTEGER REFERENCES counselors(id),
        employed INTEGER NOT NULL DEFAULT 0,
        plan TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX profiles_by_counselor ON profiles (counselor_id);

    CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL DEFAULT '',
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        status TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        submitted_at TEXT NOT NULL,
        request_id TEXT NOT NULL UNIQUE
    );
    CREATE INDEX applications_by_profile ON applications (profile_id);
    CREATE UNIQUE INDEX one_open_application ON applications (profile_id, job_id)
        WHERE status IN ('submitted', 'under_review', 'referred', 'interview_scheduled', 'offered');
    CREATE TABLE application_history (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX application_history_by_application ON application_history (application_id);

    CREATE TABLE courses (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        track TEXT NOT NULL,
        level TEXT,
        provider TEXT NOT NULL,
        district INTEGER NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        directions TEXT NOT NULL DEFAULT '',
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        enroll_by TEXT NOT NULL,
        hours INTEGER NOT NULL,
        fee_yuan INTEGER NOT NULL DEFAULT 0,
        subsidy TEXT NOT NULL DEFAULT '',
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        formats TEXT NOT NULL DEFAULT '',
        assessment TEXT NOT NULL DEFAULT '',
        leads_to TEXT NOT NULL DEFAULT '',
        requires_previous_level INTEGER NOT NULL DEFAULT 0,
        min_age INTEGER,
        max_age INTEGER,
        min_education TEXT,
        description TEXT NOT NULL DEFAULT ''
    );
    CREATE VIRTUAL TABLE courses_fts USING fts5 (body, tokenize = 'trigram');
    CREATE VIRTUAL TABLE courses_words USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE enrollments (
        id INTEGER PRIMARY KEY,
        course_id INTEGER NOT NULL REFERENCES courses(id),
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        status TEXT NOT NULL,
        request_id TEXT NOT NULL UNIQUE
    );
    CREATE INDEX enrollments_by_course ON enrollments (course_id, status);
    CREATE INDEX enrollments_by_profile ON enrollments (profile_id);
    CREATE UNIQUE INDEX one_open_enrollment ON enrollments (course_id, profile_id)
        WHERE status IN ('registered', 'waitlisted', 'enrolled');
    CREATE TABLE enrollment_history (
        id INTEGER PRIMARY KEY,
        enrollment_id INTEGER NOT NULL REFERENCES enrollments(id),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX enrollment_history_by_enrollment ON enrollment_history (enrollment_id);

    CREATE TABLE service_log (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        counselor_id INTEGER NOT NULL REFERENCES counselors(id),
        at TEXT NOT NULL,
        note TEXT NOT NULL
    );
    CREATE INDEX service_log_by_profile ON service_log (profile_id);

    -- Status changes already carried out, by client request id, so a
    -- retried change is answered instead of applied twice.
    CREATE TABLE done_requests (
        request_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        target_id INTEGER NOT NULL
    );
    "#,
    // 2: accounts for the server, their sessions, the audit log, and
    // answers to changes already made, by idempotency key.
    r#"
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('jobseeker', 'counselor', 'admin')),
        secret_hash TEXT NOT NULL,
        profile_id INTEGER REFERENCES profiles(id),
        counselor_id INTEGER REFERENCES counselors(id),
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        expires_at TEXT NOT NULL
    );
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        profile_id INTEGER NOT NULL,
        action TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_profile ON audit_log (profile_id);
    CREATE TABLE idempotency (
        key TEXT NOT NULL,
        account_id INTEGER NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (key, account_id)
    );
    "#,
    // 3: failed logins counted per login and client address, so an
    // attacker elsewhere cannot keep an account locked; the addresses an
    // account has logged in from; idempotency answers bound to a hash of
    // the request and dated, so old ones can be dropped.
    r#"
    CREATE TABLE login_failures (
        subject TEXT NOT NULL,
        address TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (subject, address)
    );
    CREATE INDEX login_failures_by_time ON login_failures (updated_at);
    CREATE TABLE login_addresses (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        address TEXT NOT NULL,
        PRIMARY KEY (account_id, address)
    );
    ALTER TABLE idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE idempotency ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
    CREATE INDEX profiles_by_mobile ON profiles (mobile);
    CREATE INDEX profiles_by_certificate ON profiles (certificate);
    "#,
    // 4: staff and employer accounts. SQLite cannot change a CHECK, so the
    // table is built again (migrate() runs with foreign keys off and
    // checks them before committing); an employer account names its
    // employer.
    r#"
    CREATE TABLE accounts_new (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL
            CHECK (role IN ('jobseeker', 'counselor', 'staff', 'employer', 'admin')),
        secret_hash TEXT NOT NULL,
        profile_id INTEGER REFERENCES profiles(id),
        counselor_id INTEGER REFERENCES counselors(id),
        employer_id INTEGER REFERENCES employers(id),
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    );
    INSERT INTO accounts_new (id, login, role, secret_hash, profile_id, counselor_id,
        failed_logins, locked_until)
        SELECT id, login, role, secret_hash, profile_id, counselor_id, failed_logins, locked_until
        FROM accounts;
    DROP TABLE accounts;
    ALTER TABLE accounts_new RENAME TO accounts;
    "#,
    // 5: casework (the counselor's desk). Profiles keep what the caseload
    // filters and the figures count as columns of their own, kept up to
    // date by every change (birth date and sex for working age, the
    // disability category and level from the certificate number, the
    // earliest date something is due, the last contact); the ledger's
    // sections are tables of their own, each entry dated and naming who
    // made it (`by` is an actor code, `at` a UTC time).
    r#"
    CREATE TABLE households (
        id INTEGER PRIMARY KEY,
        members INTEGER NOT NULL CHECK (members > 0),
        others_in_work INTEGER NOT NULL DEFAULT 0,
        zero_employment INTEGER NOT NULL DEFAULT 0,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    ALTER TABLE profiles ADD COLUMN birth_date TEXT;
    ALTER TABLE profiles ADD COLUMN sex TEXT;
    ALTER TABLE profiles ADD COLUMN category INTEGER;
    ALTER TABLE profiles ADD COLUMN level INTEGER;
    ALTER TABLE profiles ADD COLUMN seeking INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE profiles ADD COLUMN difficulty INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE profiles ADD COLUMN next_due_on TEXT;
    ALTER TABLE profiles ADD COLUMN last_contact_on TEXT;
    ALTER TABLE profiles ADD COLUMN household_id INTEGER REFERENCES households(id);
    ALTER TABLE profiles ADD COLUMN agreed_by TEXT;
    ALTER TABLE profiles ADD COLUMN agreed_at TEXT;
    ALTER TABLE profiles ADD COLUMN fields_by TEXT;
    ALTER TABLE profiles ADD COLUMN fields_at TEXT;
    ALTER TABLE profiles ADD COLUMN goal_by TEXT;
    ALTER TABLE profiles ADD COLUMN goal_at TEXT;
    -- The mobile and certificate numbers reversed, so finding one by its
    -- ending is a range over an index.
    ALTER TABLE profiles ADD COLUMN mobile_rev TEXT;
    ALTER TABLE profiles ADD COLUMN certificate_rev TEXT;
    CREATE INDEX profiles_by_mobile_end ON profiles (mobile_rev);
    CREATE INDEX profiles_by_certificate_end ON profiles (certificate_rev);
    CREATE INDEX profiles_caseload ON profiles (counselor_id, name);
    CREATE INDEX profiles_due ON profiles (counselor_id, next_due_on);
    CREATE INDEX profiles_by_name ON profiles (name);
    CREATE INDEX profiles_by_household ON profiles (household_id);
    -- Everything the figures count of a person, so a counselor's, a
    -- center's or the city's figures read this index and not the rows.
    CREATE INDEX profiles_figures ON profiles
        (counselor_id, district, sex, birth_date, employed, difficulty);

    CREATE TABLE needs (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),
        hours TEXT NOT NULL,
        home_based INTEGER NOT NULL DEFAULT 0,
        places TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        assessed_on TEXT NOT NULL,
        mobility TEXT NOT NULL,
        computer TEXT NOT NULL,
        communication TEXT NOT NULL,
        massage TEXT NOT NULL,
        years_worked INTEGER NOT NULL DEFAULT 0,
        result TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX assessments_by_profile ON assessments (profile_id);
    CREATE TABLE difficulty (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),
        recognised INTEGER NOT NULL,
        basis TEXT NOT NULL DEFAULT '',
        on_date TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE plan_steps (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        due_on TEXT NOT NULL,
        done_on TEXT,
        outcome TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX plan_steps_by_profile ON plan_steps (profile_id);
    -- Entries made before this migration were calls.
    ALTER TABLE service_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'call';
    ALTER TABLE service_log ADD COLUMN on_date TEXT;
    ALTER TABLE service_log ADD COLUMN by TEXT;
    UPDATE service_log SET on_date = substr(at, 1, 10), by = 'counselor:' || counselor_id;
    CREATE TABLE placements (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        employer TEXT NOT NULL,
        job_id INTEGER REFERENCES jobs(id),
        job_title TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_on TEXT NOT NULL,
        contract TEXT NOT NULL,
        monthly_pay INTEGER NOT NULL,
        home_based INTEGER NOT NULL DEFAULT 0,
        by TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX placements_by_profile ON placements (profile_id);
    CREATE INDEX placements_by_start ON placements (started_on);
    CREATE TABLE follow_ups (
        placement_id INTEGER NOT NULL REFERENCES placements(id),
        months INTEGER NOT NULL,
        due_on TEXT NOT NULL,
        done_on TEXT,
        still_working INTEGER,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (placement_id, months)
    );
    CREATE TABLE recommendations (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        what TEXT NOT NULL CHECK (what IN ('job', 'course')),
        target_id INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0,
        -- One request recommends to several people at once; a retry finds
        -- what it made.
        request_id TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX recommendations_by_profile ON recommendations (profile_id, seen);
    CREATE INDEX recommendations_by_request ON recommendations (request_id);
    CREATE TABLE targets (
        kind TEXT NOT NULL,
        year INTEGER NOT NULL,
        value INTEGER NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, year)
    );
    "#,
    // 6: the figures' counts, kept by triggers (sqlite/tally.rs installs
    // them and counts what is already there). `who` is a counselor's id, or
    // -1 for the city; 0 and '' stand for no district, sex or birth date.
    r#"
    CREATE TABLE tally_people (
        who INTEGER NOT NULL,
        district INTEGER NOT NULL,
        sex TEXT NOT NULL,
        birth_year INTEGER NOT NULL,
        employed INTEGER NOT NULL,
        n INTEGER NOT NULL DEFAULT 0,
        difficulty INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (who, district, sex, birth_year, employed)
    ) WITHOUT ROWID;
    CREATE TABLE tally_needs (
        who INTEGER PRIMARY KEY,
        n INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE tally_assessed (
        who INTEGER PRIMARY KEY,
        n INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE tally_placements (
        who INTEGER NOT NULL,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        district INTEGER NOT NULL,
        recorded INTEGER NOT NULL DEFAULT 0,
        placed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (who, year, kind, district)
    ) WITHOUT ROWID;
    CREATE TABLE tally_retention (
        who INTEGER NOT NULL,
        months INTEGER NOT NULL,
        due_on TEXT NOT NULL,
        due INTEGER NOT NULL DEFAULT 0,
        confirmed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (who, months, due_on)
    ) WITHOUT ROWID;
    CREATE TABLE tally_training (
        who INTEGER NOT NULL,
        year INTEGER NOT NULL,
        registrations INTEGER NOT NULL DEFAULT 0,
        completions INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (who, year)
    ) WITHOUT ROWID;
    -- Households are counted once per scope however many members are in
    -- it: 'city', 'counselor:ID', 'center:NAME'.
    CREATE TABLE tally_households (
        scope TEXT PRIMARY KEY,
        zero INTEGER NOT NULL DEFAULT 0,
        cleared INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    -- Working age on the edge years is counted from the people.
    CREATE INDEX profiles_births ON profiles (sex, birth_date, district, employed, counselor_id);
    CREATE INDEX counselors_by_center ON counselors (center);
    "#,
    // 7: imports: the id a record has in the file it came from, so importing
    // the same file again updates it instead of adding a second one.
    // Self-contained: only new columns and indexes.
    r#"
    ALTER TABLE employers ADD COLUMN external_id TEXT;
    ALTER TABLE jobs ADD COLUMN external_id TEXT;
    ALTER TABLE courses ADD COLUMN external_id TEXT;
    ALTER TABLE profiles ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX employers_by_external_id ON employers (external_id) WHERE external_id IS NOT NULL;
    CREATE UNIQUE INDEX jobs_by_external_id ON jobs (external_id) WHERE external_id IS NOT NULL;
    CREATE UNIQUE INDEX courses_by_external_id ON courses (external_id) WHERE external_id IS NOT NULL;
    CREATE UNIQUE INDEX profiles_by_external_id ON profiles (external_id) WHERE external_id IS NOT NULL;
    "#,
    // 8: keeping accounts at the staff desk: a disabled account cannot log
    // in; the audit log also records changes to accounts (which need not
    // be a person's), so its person becomes optional, and it is read by
    // person, by actor and by date, newest first.
    r#"
    ALTER TABLE accounts ADD COLUMN disabled_at TEXT;
    CREATE TABLE audit_log_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        profile_id INTEGER,
        account_id INTEGER,
        action TEXT NOT NULL
    );
    INSERT INTO audit_log_new (id, at, actor, profile_id, action)
        SELECT id, at, actor, profile_id, action FROM audit_log;
    DROP TABLE audit_log;
    ALTER TABLE audit_log_new RENAME TO audit_log;
    CREATE INDEX audit_log_by_profile ON audit_log (profile_id, at);
    CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
    CREATE INDEX audit_log_by_time ON audit_log (at);
    "#,
    // 9: the employer side: an application's interview, and the names of
    // who made an employer step (the employer, or staff for it), as JSON.
    // Self-contained: only new columns and an index.
    r#"
    ALTER TABLE applications ADD COLUMN interview TEXT;
    ALTER TABLE application_history ADD COLUMN by_name TEXT;
    CREATE INDEX applications_by_job ON applications (job_id);
    "#,
    // 10: the staff desk: how to reach an employer and what its workplace
    // offers, and the day staff cancelled a course.
    r#"
    ALTER TABLE employers ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
    ALTER TABLE employers ADD COLUMN address TEXT NOT NULL DEFAULT '';
    ALTER TABLE employers ADD COLUMN accessibility TEXT NOT NULL DEFAULT '';
    ALTER TABLE courses ADD COLUMN cancelled_on TEXT;
    "#,
    // 11: what's new since a jobseeker's last visit, and saved searches. A
    // visit keeps where the histories and the jobs stood when it started
    // (their highest row ids), and the visit before it: what was written
    // after that is new.
    r#"
    CREATE TABLE visits (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        visit_id TEXT NOT NULL,
        this_at TEXT NOT NULL,
        this_application_entry INTEGER NOT NULL,
        this_enrollment_entry INTEGER NOT NULL,
        this_job INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        last_application_entry INTEGER NOT NULL,
        last_enrollment_entry INTEGER NOT NULL,
        last_job INTEGER NOT NULL
    );
    CREATE TABLE dismissed_news (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (profile_id, key)
    ) WITHOUT ROWID;
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        -- The JobQuery as JSON.
        query TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (profile_id, name)
    );
    "#,
];
