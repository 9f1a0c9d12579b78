-- The Zou data model (80 tables), generated from schema/src/models by
-- `tusk dev ddl sqlite`. Later changes go in new migrations.

-- api_event: Persisted event log: one row per emitted event (name, payload, actor, project).
CREATE TABLE "api_event" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "user_id" BLOB REFERENCES "person" ("id"),
    "project_id" BLOB REFERENCES "project" ("id"),
    "data" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_api_event_name" ON "api_event" ("name");
CREATE INDEX "ix_api_event_user_id" ON "api_event" ("user_id");
CREATE INDEX "ix_api_event_project_id" ON "api_event" ("project_id");
CREATE INDEX "ix_api_event_created_at" ON "api_event" ("created_at");
CREATE INDEX "ix_api_event_project_id_created_at" ON "api_event" ("project_id", "created_at");

-- login_log: Login audit row (person, IP, origin web/script).
CREATE TABLE "login_log" (
    "id" BLOB NOT NULL,
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "ip_address" VARCHAR(50),
    "origin" VARCHAR(255) CHECK ("origin" IN ('web', 'script')),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_login_log_person_id" ON "login_log" ("person_id");

-- stored_file: 
CREATE TABLE "stored_file" (
    "id" BLOB NOT NULL,
    "bucket" VARCHAR(20) NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "prefix" VARCHAR(40) NOT NULL,
    "file_id" VARCHAR(200) NOT NULL,
    "size" BIGINT,
    "deleted_at" DATETIME,
    "purge_forced" BOOLEAN NOT NULL DEFAULT 0,
    "purged_at" DATETIME,
    "purge_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "journal" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_stored_file_file_id" ON "stored_file" ("file_id");
CREATE INDEX "ix_stored_file_to_purge" ON "stored_file" ("purge_forced", "deleted_at") WHERE (deleted_at IS NOT NULL) AND (purged_at IS NULL);
CREATE UNIQUE INDEX "stored_file_uc" ON "stored_file" ("bucket", "key");

-- person: User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.
CREATE TABLE "person" (
    "id" BLOB NOT NULL,
    "first_name" VARCHAR(80) NOT NULL,
    "last_name" VARCHAR(80) NOT NULL,
    "email" VARCHAR(255),
    "phone" VARCHAR(30),
    "country" VARCHAR(2),
    "contract_type" VARCHAR(255) NOT NULL DEFAULT 'open-ended' CHECK ("contract_type" IN ('open-ended', 'fixed-term', 'short-term', 'freelance', 'apprentice', 'internship')),
    "active" BOOLEAN DEFAULT 1,
    "archived" BOOLEAN DEFAULT 0,
    "last_presence" DATE,
    "password" BLOB,
    "desktop_login" VARCHAR(80),
    "login_failed_attemps" INTEGER DEFAULT 0,
    "last_login_failed" DATETIME,
    "totp_enabled" BOOLEAN DEFAULT 0,
    "totp_secret" VARCHAR(32),
    "email_otp_enabled" BOOLEAN DEFAULT 0,
    "email_otp_secret" VARCHAR(32),
    "fido_enabled" BOOLEAN DEFAULT 0,
    "fido_credentials" TEXT,
    "otp_recovery_codes" TEXT,
    "preferred_two_factor_authentication" VARCHAR(255) CHECK ("preferred_two_factor_authentication" IN ('totp', 'email_otp', 'fido')),
    "shotgun_id" INTEGER,
    "timezone" VARCHAR(50) DEFAULT 'Europe/Paris',
    "locale" VARCHAR(10) DEFAULT 'en_US',
    "use_12_hour_clock" BOOLEAN DEFAULT 0,
    "display_date_format" VARCHAR(20) DEFAULT 'YYYY-MM-DD',
    "data" TEXT,
    "role" VARCHAR(255) NOT NULL DEFAULT 'user' CHECK ("role" IN ('user', 'admin', 'supervisor', 'manager', 'client', 'vendor')),
    "position" VARCHAR(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" VARCHAR(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "daily_salary" INTEGER DEFAULT 0,
    "has_avatar" BOOLEAN DEFAULT 0,
    "notifications_enabled" BOOLEAN DEFAULT 0,
    "notifications_slack_enabled" BOOLEAN DEFAULT 0,
    "notifications_slack_userid" VARCHAR(60) DEFAULT '',
    "notifications_mattermost_enabled" BOOLEAN DEFAULT 0,
    "notifications_mattermost_userid" VARCHAR(60) DEFAULT '',
    "notifications_discord_enabled" BOOLEAN DEFAULT 0,
    "notifications_discord_userid" VARCHAR(60) DEFAULT '',
    "is_bot" BOOLEAN NOT NULL DEFAULT 0,
    "is_guest" BOOLEAN NOT NULL DEFAULT 0,
    "jti" VARCHAR(60),
    "oidc_issuer" TEXT,
    "oidc_subject" VARCHAR(255),
    "saml_issuer" TEXT,
    "saml_subject" VARCHAR(255),
    "preview_project_id" BLOB REFERENCES "project" ("id"),
    "preview_opened_at" DATETIME,
    "preview_open_until" DATETIME,
    "expiration_date" DATE,
    "is_generated_from_ldap" BOOLEAN DEFAULT 0,
    "ldap_uid" VARCHAR(60),
    "studio_id" BLOB REFERENCES "studio" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "person_shotgun_id_key" ON "person" ("shotgun_id");
CREATE UNIQUE INDEX "person_jti_key" ON "person" ("jti");
CREATE UNIQUE INDEX "ix_person_preview_project_id" ON "person" ("preview_project_id");
CREATE UNIQUE INDEX "person_ldap_uid_key" ON "person" ("ldap_uid");
CREATE INDEX "ix_person_studio_id" ON "person" ("studio_id");
CREATE UNIQUE INDEX "only_one_email_by_person" ON "person" ("email", "is_bot") WHERE is_bot IS NOT TRUE;
CREATE UNIQUE INDEX "person_oidc_identity_uc" ON "person" ("oidc_issuer", "oidc_subject");
CREATE UNIQUE INDEX "person_saml_identity_uc" ON "person" ("saml_issuer", "saml_subject");

-- department: Studio department (used for supervisor scoping, task types, budgets, metadata visibility).
CREATE TABLE "department" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "color" VARCHAR(7) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "department_name_key" ON "department" ("name");

-- studio: Studio/site a person belongs to (multi-studio setups).
CREATE TABLE "studio" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "color" VARCHAR(7) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "studio_name_key" ON "studio" ("name");

-- organisation: Single studio settings row (name, hours per day, UI defaults, chat integration tokens).
CREATE TABLE "organisation" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "hours_by_day" REAL NOT NULL DEFAULT 8,
    "has_avatar" BOOLEAN DEFAULT 0,
    "use_original_file_name" BOOLEAN DEFAULT 0,
    "timesheets_locked" BOOLEAN DEFAULT 0,
    "format_duration_in_hours" BOOLEAN DEFAULT 0,
    "hd_by_default" BOOLEAN DEFAULT 0,
    "chat_token_slack" VARCHAR(80) DEFAULT '',
    "chat_webhook_mattermost" VARCHAR(80) DEFAULT '',
    "chat_token_discord" VARCHAR(80) DEFAULT '',
    "dark_theme_by_default" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organisation_name_key" ON "organisation" ("name");

-- software: Studio software (DCC) catalog with file extensions and licence cost.
CREATE TABLE "software" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "short_name" VARCHAR(20) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "version" VARCHAR(20),
    "file_extension" VARCHAR(20) NOT NULL,
    "secondary_extensions" TEXT,
    "monthly_cost" INTEGER DEFAULT 0,
    "inventory_amount" INTEGER DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "software_name_key" ON "software" ("name");

-- hardware_item: Studio hardware inventory item with monthly cost.
CREATE TABLE "hardware_item" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "short_name" VARCHAR(20) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "monthly_cost" INTEGER DEFAULT 0,
    "inventory_amount" INTEGER DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "hardware_item_name_key" ON "hardware_item" ("name");

-- plugin: Installed server plugin metadata.
CREATE TABLE "plugin" (
    "id" BLOB NOT NULL,
    "plugin_id" VARCHAR(80) NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "description" TEXT,
    "version" VARCHAR(50) NOT NULL,
    "maintainer_name" VARCHAR(200) NOT NULL,
    "maintainer_email" VARCHAR(255),
    "website" TEXT,
    "license" VARCHAR(80) NOT NULL,
    "revision" VARCHAR(12),
    "frontend_project_enabled" BOOLEAN DEFAULT 0,
    "frontend_studio_enabled" BOOLEAN DEFAULT 0,
    "icon" VARCHAR(255),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_plugin_plugin_id" ON "plugin" ("plugin_id");
CREATE INDEX "ix_plugin_name" ON "plugin" ("name");

-- desktop_login_log: Timestamped desktop-tool login of a person (feeds presence logs).
CREATE TABLE "desktop_login_log" (
    "id" BLOB NOT NULL,
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "date" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_desktop_login_log_person_id" ON "desktop_login_log" ("person_id");

-- software_department_link: Which software a department uses.
CREATE TABLE "software_department_link" (
    "id" BLOB NOT NULL,
    "department_id" BLOB NOT NULL REFERENCES "department" ("id"),
    "software_id" BLOB NOT NULL REFERENCES "software" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("department_id", "software_id", "id")
);
CREATE INDEX "ix_software_department_link_department_id" ON "software_department_link" ("department_id");
CREATE INDEX "ix_software_department_link_software_id" ON "software_department_link" ("software_id");
CREATE UNIQUE INDEX "software_department_link_uc" ON "software_department_link" ("department_id", "software_id");

-- hardware_item_department_link: Which hardware a department uses.
CREATE TABLE "hardware_item_department_link" (
    "id" BLOB NOT NULL,
    "department_id" BLOB NOT NULL REFERENCES "department" ("id"),
    "hardware_item_id" BLOB NOT NULL REFERENCES "hardware_item" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("department_id", "hardware_item_id", "id")
);
CREATE INDEX "ix_hardware_item_department_link_department_id" ON "hardware_item_department_link" ("department_id");
CREATE INDEX "ix_hardware_item_department_link_hardware_item_id" ON "hardware_item_department_link" ("hardware_item_id");
CREATE UNIQUE INDEX "hardware_item_department_link_uc" ON "hardware_item_department_link" ("hardware_item_id", "department_id");

-- notification: Per-person notification (comment, mention, assignation, reply, reply-mention, playlist-ready).
CREATE TABLE "notification" (
    "id" BLOB NOT NULL,
    "read" BOOLEAN NOT NULL DEFAULT 0,
    "change" BOOLEAN NOT NULL DEFAULT 0,
    "type" VARCHAR(255) NOT NULL CHECK ("type" IN ('comment', 'mention', 'assignation', 'reply', 'reply-mention', 'playlist-ready')),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "author_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "comment_id" BLOB REFERENCES "comment" ("id"),
    "task_id" BLOB REFERENCES "task" ("id"),
    "playlist_id" BLOB REFERENCES "playlist" ("id"),
    "reply_id" BLOB,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_notification_person_id" ON "notification" ("person_id");
CREATE INDEX "ix_notification_author_id" ON "notification" ("author_id");
CREATE INDEX "ix_notification_comment_id" ON "notification" ("comment_id");
CREATE INDEX "ix_notification_task_id" ON "notification" ("task_id");
CREATE INDEX "ix_notification_playlist_id" ON "notification" ("playlist_id");
CREATE INDEX "ix_notification_reply_id" ON "notification" ("reply_id");
CREATE UNIQUE INDEX "notification_uc" ON "notification" ("person_id", "author_id", "comment_id", "reply_id", "playlist_id", "type");

-- subscription: Person subscribed to a task, or to a (sequence entity, task type) pair, for notifications.
CREATE TABLE "subscription" (
    "id" BLOB NOT NULL,
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "task_id" BLOB REFERENCES "task" ("id"),
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_subscription_person_id" ON "subscription" ("person_id");
CREATE INDEX "ix_subscription_task_id" ON "subscription" ("task_id");
CREATE INDEX "ix_subscription_entity_id" ON "subscription" ("entity_id");
CREATE INDEX "ix_subscription_task_type_id" ON "subscription" ("task_type_id");
CREATE UNIQUE INDEX "subscription_entity_uc" ON "subscription" ("person_id", "task_type_id", "entity_id");
CREATE UNIQUE INDEX "subscription_task_uc" ON "subscription" ("person_id", "task_id");

-- news: Production news feed item created from a comment (optionally with preview).
CREATE TABLE "news" (
    "id" BLOB NOT NULL,
    "change" BOOLEAN NOT NULL DEFAULT 0,
    "author_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "comment_id" BLOB REFERENCES "comment" ("id"),
    "task_id" BLOB NOT NULL REFERENCES "task" ("id"),
    "preview_file_id" BLOB REFERENCES "preview_file" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_news_author_id" ON "news" ("author_id");
CREATE INDEX "ix_news_comment_id" ON "news" ("comment_id");
CREATE INDEX "ix_news_task_id" ON "news" ("task_id");
CREATE INDEX "ix_news_preview_file_id" ON "news" ("preview_file_id");

-- chat: Chat room attached to an entity (object_id = entity id).
CREATE TABLE "chat" (
    "id" BLOB NOT NULL,
    "object_id" BLOB NOT NULL,
    "object_type" VARCHAR(80) NOT NULL DEFAULT 'entity',
    "last_message" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_chat_object_id" ON "chat" ("object_id");
CREATE INDEX "ix_chat_object_type" ON "chat" ("object_type");

-- chat_message: Message posted in an entity chat.
CREATE TABLE "chat_message" (
    "id" BLOB NOT NULL,
    "chat_id" BLOB NOT NULL REFERENCES "chat" ("id"),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "text" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_chat_message_chat_id" ON "chat_message" ("chat_id");
CREATE INDEX "ix_chat_message_person_id" ON "chat_message" ("person_id");

-- search_filter: Saved search query for a list view, personal or shared.
CREATE TABLE "search_filter" (
    "id" BLOB NOT NULL,
    "list_type" VARCHAR(80) NOT NULL,
    "entity_type" VARCHAR(80),
    "name" VARCHAR(200) NOT NULL,
    "search_query" VARCHAR(500) NOT NULL,
    "is_shared" BOOLEAN NOT NULL DEFAULT 0,
    "department_id" BLOB REFERENCES "department" ("id"),
    "search_filter_group_id" BLOB REFERENCES "search_filter_group" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "project_id" BLOB REFERENCES "project" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_search_filter_list_type" ON "search_filter" ("list_type");
CREATE INDEX "ix_search_filter_department_id" ON "search_filter" ("department_id");
CREATE INDEX "ix_search_filter_search_filter_group_id" ON "search_filter" ("search_filter_group_id");
CREATE INDEX "ix_search_filter_person_id" ON "search_filter" ("person_id");
CREATE INDEX "ix_search_filter_project_id" ON "search_filter" ("project_id");

-- search_filter_group: Folder/group of saved search filters.
CREATE TABLE "search_filter_group" (
    "id" BLOB NOT NULL,
    "list_type" VARCHAR(80) NOT NULL,
    "entity_type" VARCHAR(80),
    "name" VARCHAR(200) NOT NULL,
    "color" VARCHAR(8) NOT NULL,
    "is_shared" BOOLEAN NOT NULL DEFAULT 0,
    "person_id" BLOB REFERENCES "person" ("id"),
    "project_id" BLOB REFERENCES "project" ("id"),
    "department_id" BLOB REFERENCES "department" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_search_filter_group_list_type" ON "search_filter_group" ("list_type");
CREATE INDEX "ix_search_filter_group_person_id" ON "search_filter_group" ("person_id");
CREATE INDEX "ix_search_filter_group_project_id" ON "search_filter_group" ("project_id");
CREATE INDEX "ix_search_filter_group_department_id" ON "search_filter_group" ("department_id");

-- project: A production: settings (fps, ratio, resolution, type, style), status, file tree, flags, links to catalog items.
CREATE TABLE "project" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "code" VARCHAR(80),
    "description" TEXT,
    "shotgun_id" INTEGER,
    "file_tree" TEXT,
    "data" TEXT,
    "has_avatar" BOOLEAN DEFAULT 0,
    "fps" VARCHAR(10) DEFAULT '25',
    "ratio" VARCHAR(10) DEFAULT '16:9',
    "resolution" VARCHAR(12) DEFAULT '1920x1080',
    "production_type" VARCHAR(20) DEFAULT 'short',
    "production_style" VARCHAR(255) NOT NULL DEFAULT '2d3d' CHECK ("production_style" IN ('2d', '2dpaper', '3d', '2d3d', 'ar', 'vfx', 'stop-motion', 'motion-design', 'archviz', 'commercial', 'catalog', 'immersive', 'nft', 'video-game', 'vr')),
    "start_date" DATE,
    "end_date" DATE,
    "man_days" INTEGER,
    "nb_episodes" INTEGER DEFAULT 0,
    "episode_span" INTEGER DEFAULT 0,
    "max_retakes" INTEGER DEFAULT 0,
    "is_clients_isolated" BOOLEAN DEFAULT 0,
    "is_preview_download_allowed" BOOLEAN DEFAULT 0,
    "is_set_preview_automated" BOOLEAN DEFAULT 0,
    "homepage" VARCHAR(80) DEFAULT 'assets',
    "is_publish_default_for_artists" BOOLEAN DEFAULT 0,
    "hd_bitrate_compression" INTEGER,
    "ld_bitrate_compression" INTEGER,
    "project_status_id" BLOB REFERENCES "project_status" ("id"),
    "default_preview_background_file_id" BLOB REFERENCES "preview_background_file" ("id"),
    "from_schedule_version_id" BLOB REFERENCES "production_schedule_version" ("id") ON DELETE SET NULL,
    "is_bot_collaboration_enabled" BOOLEAN DEFAULT 0,
    "is_single_preview_per_revision" BOOLEAN DEFAULT 0,
    "revision_padding" INTEGER NOT NULL DEFAULT 0,
    "is_frame_in_numbering" BOOLEAN DEFAULT 0,
    "is_client_stats_visible" BOOLEAN DEFAULT 1,
    "is_client_task_list_visible" BOOLEAN DEFAULT 1,
    "is_client_task_panel_visible" BOOLEAN DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_name" ON "project" ("name");
CREATE INDEX "ix_project_project_status_id" ON "project" ("project_status_id");
CREATE INDEX "ix_project_default_preview_background_file_id" ON "project" ("default_preview_background_file_id");
CREATE INDEX "ix_project_from_schedule_version_id" ON "project" ("from_schedule_version_id");

-- project_status: Project status (reserved names 'Open' and 'Closed').
CREATE TABLE "project_status" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(20) NOT NULL,
    "color" VARCHAR(7) NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_status_name" ON "project_status" ("name");

-- entity_type: Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.
CREATE TABLE "entity_type" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "short_name" VARCHAR(20),
    "description" TEXT,
    "archived" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_entity_type_name" ON "entity_type" ("name");

-- metadata_descriptor: Custom field definition for a project and an entity type (stored in the entity/task/project 'data' JSON under field_name).
CREATE TABLE "metadata_descriptor" (
    "id" BLOB NOT NULL,
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "entity_type" VARCHAR(60) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "data_type" VARCHAR(255) CHECK ("data_type" IN ('string', 'number', 'list', 'taglist', 'boolean', 'checklist', 'date', 'url', 'textarea', 'person')),
    "field_name" VARCHAR(120) NOT NULL,
    "choices" TEXT,
    "for_client" BOOLEAN DEFAULT 0,
    "position" INTEGER,
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_metadata_descriptor_project_id" ON "metadata_descriptor" ("project_id");
CREATE INDEX "ix_metadata_descriptor_entity_type" ON "metadata_descriptor" ("entity_type");
CREATE INDEX "ix_metadata_descriptor_for_client" ON "metadata_descriptor" ("for_client");
CREATE INDEX "ix_metadata_descriptor_task_type_id" ON "metadata_descriptor" ("task_type_id");
CREATE UNIQUE INDEX "metadata_descriptor_task_type_uc" ON "metadata_descriptor" ("project_id", "entity_type", "task_type_id", "name") WHERE task_type_id IS NOT NULL;
CREATE UNIQUE INDEX "metadata_descriptor_task_type_uc2" ON "metadata_descriptor" ("project_id", "entity_type", "task_type_id", "field_name") WHERE task_type_id IS NOT NULL;
CREATE UNIQUE INDEX "metadata_descriptor_uc" ON "metadata_descriptor" ("project_id", "entity_type", "name") WHERE task_type_id IS NULL;
CREATE UNIQUE INDEX "metadata_descriptor_uc2" ON "metadata_descriptor" ("project_id", "entity_type", "field_name") WHERE task_type_id IS NULL;

-- budget: Versioned budget of a production (revision auto-increments per project).
CREATE TABLE "budget" (
    "id" BLOB NOT NULL,
    "project_id" BLOB REFERENCES "project" ("id"),
    "revision" INTEGER NOT NULL DEFAULT 1,
    "name" VARCHAR(255) NOT NULL,
    "currency" VARCHAR(3),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_budget_project_id" ON "budget" ("project_id");

-- budget_entry: One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).
CREATE TABLE "budget_entry" (
    "id" BLOB NOT NULL,
    "budget_id" BLOB NOT NULL REFERENCES "budget" ("id"),
    "department_id" BLOB NOT NULL REFERENCES "department" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "start_date" DATE NOT NULL,
    "months_duration" INTEGER NOT NULL,
    "daily_salary" REAL NOT NULL,
    "position" VARCHAR(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" VARCHAR(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "exceptions" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_budget_entry_budget_id" ON "budget_entry" ("budget_id");
CREATE INDEX "ix_budget_entry_department_id" ON "budget_entry" ("department_id");
CREATE INDEX "ix_budget_entry_person_id" ON "budget_entry" ("person_id");

-- salary_scale: Salary grid cell per department x position x seniority (rows auto-created on listing).
CREATE TABLE "salary_scale" (
    "id" BLOB NOT NULL,
    "department_id" BLOB NOT NULL REFERENCES "department" ("id") ON DELETE CASCADE,
    "position" VARCHAR(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" VARCHAR(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "salary" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_salary_scale_department_id" ON "salary_scale" ("department_id");

-- project_task_type_link: Task type enabled on a project, with per-project priority (ordering).
CREATE TABLE "project_task_type_link" (
    "id" BLOB NOT NULL,
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "task_type_id" BLOB NOT NULL REFERENCES "task_type" ("id"),
    "priority" INTEGER,
    "hd_bitrate_compression" INTEGER,
    "ld_bitrate_compression" INTEGER,
    "is_client_visible" BOOLEAN DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("project_id", "task_type_id", "id")
);
CREATE INDEX "ix_project_task_type_link_project_id" ON "project_task_type_link" ("project_id");
CREATE INDEX "ix_project_task_type_link_task_type_id" ON "project_task_type_link" ("task_type_id");
CREATE UNIQUE INDEX "project_tasktype_uc" ON "project_task_type_link" ("project_id", "task_type_id");

-- project_task_status_link: Task status enabled on a project, with board ordering and roles allowed on the board.
CREATE TABLE "project_task_status_link" (
    "id" BLOB NOT NULL,
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "task_status_id" BLOB NOT NULL REFERENCES "task_status" ("id"),
    "priority" INTEGER,
    "roles_for_board" TEXT DEFAULT '[]',
    "is_client_allowed" BOOLEAN,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("project_id", "task_status_id", "id")
);
CREATE INDEX "ix_project_task_status_link_project_id" ON "project_task_status_link" ("project_id");
CREATE INDEX "ix_project_task_status_link_task_status_id" ON "project_task_status_link" ("task_status_id");
CREATE UNIQUE INDEX "project_taskstatus_uc" ON "project_task_status_link" ("project_id", "task_status_id");

-- project_task_type_software_link: 
CREATE TABLE "project_task_type_software_link" (
    "id" BLOB NOT NULL,
    "project_id" BLOB NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    "task_type_id" BLOB NOT NULL REFERENCES "task_type" ("id") ON DELETE CASCADE,
    "software_id" BLOB NOT NULL REFERENCES "software" ("id") ON DELETE CASCADE,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("project_id", "task_type_id", "software_id", "id")
);
CREATE INDEX "ix_project_task_type_software_link_project_id" ON "project_task_type_software_link" ("project_id");
CREATE INDEX "ix_project_task_type_software_link_task_type_id" ON "project_task_type_software_link" ("task_type_id");
CREATE INDEX "ix_project_task_type_software_link_software_id" ON "project_task_type_software_link" ("software_id");
CREATE UNIQUE INDEX "project_task_type_software_uc" ON "project_task_type_software_link" ("project_id", "task_type_id", "software_id");

-- task_type: Department step (Modeling, Animation...) targeting an entity kind via for_entity.
CREATE TABLE "task_type" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "short_name" VARCHAR(20),
    "description" TEXT,
    "color" VARCHAR(7) DEFAULT '#FFFFFF',
    "priority" INTEGER DEFAULT 1,
    "for_entity" VARCHAR(30) DEFAULT 'Asset',
    "allow_timelog" BOOLEAN DEFAULT 1,
    "archived" BOOLEAN DEFAULT 0,
    "shotgun_id" INTEGER,
    "department_id" BLOB REFERENCES "department" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_task_type_shotgun_id" ON "task_type" ("shotgun_id");
CREATE INDEX "ix_task_type_department_id" ON "task_type" ("department_id");
CREATE UNIQUE INDEX "task_type_uc" ON "task_type" ("name", "for_entity", "department_id");

-- task_status: Workflow status with behaviour flags (done, retake, WIP, feedback request, default, artist/client allowed, concept).
CREATE TABLE "task_status" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "short_name" VARCHAR(10) NOT NULL,
    "description" TEXT,
    "color" VARCHAR(7) NOT NULL,
    "priority" INTEGER DEFAULT 1,
    "is_done" BOOLEAN DEFAULT 0,
    "is_artist_allowed" BOOLEAN DEFAULT 1,
    "is_client_allowed" BOOLEAN DEFAULT 1,
    "is_retake" BOOLEAN DEFAULT 0,
    "is_feedback_request" BOOLEAN DEFAULT 0,
    "is_default" BOOLEAN DEFAULT 0,
    "is_wip" BOOLEAN DEFAULT 0,
    "shotgun_id" INTEGER,
    "for_concept" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_task_status_short_name" ON "task_status" ("short_name");
CREATE INDEX "ix_task_status_is_done" ON "task_status" ("is_done");
CREATE INDEX "ix_task_status_is_feedback_request" ON "task_status" ("is_feedback_request");
CREATE INDEX "ix_task_status_is_default" ON "task_status" ("is_default");
CREATE INDEX "ix_task_status_is_wip" ON "task_status" ("is_wip");

-- status_automation: Rule: when a task of type X reaches status Y, set status (or 'ready_for') on another task type of the same entity.
CREATE TABLE "status_automation" (
    "id" BLOB NOT NULL,
    "entity_type" VARCHAR(40) DEFAULT 'asset',
    "in_task_type_id" BLOB REFERENCES "task_type" ("id"),
    "in_task_status_id" BLOB REFERENCES "task_status" ("id"),
    "out_field_type" VARCHAR(255) NOT NULL DEFAULT 'status' CHECK ("out_field_type" IN ('status', 'ready_for')),
    "out_task_type_id" BLOB REFERENCES "task_type" ("id"),
    "out_task_status_id" BLOB REFERENCES "task_status" ("id"),
    "import_last_revision" BOOLEAN DEFAULT 0,
    "archived" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_status_automation_in_task_type_id" ON "status_automation" ("in_task_type_id");
CREATE INDEX "ix_status_automation_in_task_status_id" ON "status_automation" ("in_task_status_id");
CREATE INDEX "ix_status_automation_out_task_type_id" ON "status_automation" ("out_task_type_id");
CREATE INDEX "ix_status_automation_out_task_status_id" ON "status_automation" ("out_task_status_id");

-- custom_action: Studio-defined URL action shown in the UI for an entity type.
CREATE TABLE "custom_action" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "url" VARCHAR(400),
    "entity_type" VARCHAR(40) DEFAULT 'all',
    "is_ajax" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);

-- preview_background_file: HDR environment used as background in the 3D preview player.
CREATE TABLE "preview_background_file" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "archived" BOOLEAN DEFAULT 0,
    "is_default" BOOLEAN DEFAULT 0,
    "original_name" VARCHAR(250),
    "extension" VARCHAR(6),
    "file_size" BIGINT DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_background_file_is_default" ON "preview_background_file" ("is_default");

-- project_template: Reusable set of project settings and catalog links applied when creating a project.
CREATE TABLE "project_template" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "description" TEXT,
    "fps" VARCHAR(10) DEFAULT '25',
    "ratio" VARCHAR(10) DEFAULT '16:9',
    "resolution" VARCHAR(12) DEFAULT '1920x1080',
    "production_type" VARCHAR(20) DEFAULT 'short',
    "production_style" VARCHAR(255) NOT NULL DEFAULT '2d3d' CHECK ("production_style" IN ('2d', '2dpaper', '3d', '2d3d', 'ar', 'vfx', 'stop-motion', 'motion-design', 'archviz', 'commercial', 'catalog', 'immersive', 'nft', 'video-game', 'vr')),
    "max_retakes" INTEGER DEFAULT 0,
    "is_clients_isolated" BOOLEAN DEFAULT 0,
    "is_preview_download_allowed" BOOLEAN DEFAULT 0,
    "is_set_preview_automated" BOOLEAN DEFAULT 0,
    "is_publish_default_for_artists" BOOLEAN DEFAULT 0,
    "homepage" VARCHAR(80) DEFAULT 'assets',
    "hd_bitrate_compression" INTEGER,
    "ld_bitrate_compression" INTEGER,
    "file_tree" TEXT,
    "data" TEXT,
    "metadata_descriptors" TEXT DEFAULT '[]',
    "default_preview_background_file_id" BLOB REFERENCES "preview_background_file" ("id"),
    "is_single_preview_per_revision" BOOLEAN DEFAULT 0,
    "revision_padding" INTEGER NOT NULL DEFAULT 0,
    "is_frame_in_numbering" BOOLEAN DEFAULT 0,
    "is_client_stats_visible" BOOLEAN DEFAULT 1,
    "is_client_task_list_visible" BOOLEAN DEFAULT 1,
    "is_client_task_panel_visible" BOOLEAN DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_template_name" ON "project_template" ("name");
CREATE INDEX "ix_project_template_default_preview_background_file_id" ON "project_template" ("default_preview_background_file_id");

-- project_template_task_type_link: Task types of a template, with priority.
CREATE TABLE "project_template_task_type_link" (
    "id" BLOB NOT NULL,
    "project_template_id" BLOB NOT NULL REFERENCES "project_template" ("id"),
    "task_type_id" BLOB NOT NULL REFERENCES "task_type" ("id"),
    "priority" INTEGER,
    "hd_bitrate_compression" INTEGER,
    "ld_bitrate_compression" INTEGER,
    "is_client_visible" BOOLEAN DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("project_template_id", "task_type_id")
);
CREATE INDEX "ix_project_template_task_type_link_project_template_id" ON "project_template_task_type_link" ("project_template_id");
CREATE INDEX "ix_project_template_task_type_link_task_type_id" ON "project_template_task_type_link" ("task_type_id");
CREATE UNIQUE INDEX "project_template_tasktype_uc" ON "project_template_task_type_link" ("project_template_id", "task_type_id");

-- project_template_task_status_link: Task statuses of a template, with priority and board roles.
CREATE TABLE "project_template_task_status_link" (
    "id" BLOB NOT NULL,
    "project_template_id" BLOB NOT NULL REFERENCES "project_template" ("id"),
    "task_status_id" BLOB NOT NULL REFERENCES "task_status" ("id"),
    "priority" INTEGER,
    "roles_for_board" TEXT DEFAULT '["user","admin","supervisor","manager","vendor"]',
    "is_client_allowed" BOOLEAN,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("project_template_id", "task_status_id")
);
CREATE INDEX "ix_project_template_task_status_link_project_template_id" ON "project_template_task_status_link" ("project_template_id");
CREATE INDEX "ix_project_template_task_status_link_task_status_id" ON "project_template_task_status_link" ("task_status_id");
CREATE UNIQUE INDEX "project_template_taskstatus_uc" ON "project_template_task_status_link" ("project_template_id", "task_status_id");

-- entity: Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.
CREATE TABLE "entity" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(160) NOT NULL,
    "code" VARCHAR(160),
    "description" TEXT,
    "shotgun_id" INTEGER,
    "canceled" BOOLEAN DEFAULT 0,
    "nb_frames" INTEGER,
    "nb_entities_out" INTEGER DEFAULT 0,
    "is_casting_standby" BOOLEAN DEFAULT 0,
    "is_shared" BOOLEAN NOT NULL DEFAULT 0,
    "status" VARCHAR(255) NOT NULL DEFAULT 'running' CHECK ("status" IN ('standby', 'running', 'complete', 'canceled')),
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "entity_type_id" BLOB NOT NULL REFERENCES "entity_type" ("id"),
    "parent_id" BLOB REFERENCES "entity" ("id"),
    "source_id" BLOB REFERENCES "entity" ("id"),
    "preview_file_id" BLOB REFERENCES "preview_file" ("id"),
    "data" TEXT,
    "ready_for" BLOB REFERENCES "task_type" ("id"),
    "created_by" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_entity_status" ON "entity" ("status");
CREATE INDEX "ix_entity_project_id" ON "entity" ("project_id");
CREATE INDEX "ix_entity_entity_type_id" ON "entity" ("entity_type_id");
CREATE INDEX "ix_entity_parent_id" ON "entity" ("parent_id");
CREATE INDEX "ix_entity_source_id" ON "entity" ("source_id");
CREATE INDEX "ix_entity_created_by" ON "entity" ("created_by");
CREATE UNIQUE INDEX "entity_uc" ON "entity" ("name", "project_id", "entity_type_id", "parent_id");
CREATE INDEX "ix_entity_entity_type_parent" ON "entity" ("entity_type_id", "parent_id");
CREATE INDEX "ix_entity_entity_type_project" ON "entity" ("entity_type_id", "project_id");
CREATE INDEX "ix_entity_project_type_status" ON "entity" ("project_id", "entity_type_id", "status");

-- entity_link: Casting/breakdown link: entity_in (shot/episode/asset) uses entity_out (asset) nb_occurences times, with optional label.
CREATE TABLE "entity_link" (
    "id" BLOB NOT NULL,
    "entity_in_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "entity_out_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "data" TEXT,
    "nb_occurences" INTEGER DEFAULT 1,
    "label" VARCHAR(80) DEFAULT '',
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("entity_in_id", "entity_out_id", "id")
);
CREATE INDEX "ix_entity_link_entity_in_id" ON "entity_link" ("entity_in_id");
CREATE INDEX "ix_entity_link_entity_out_id" ON "entity_link" ("entity_out_id");
CREATE UNIQUE INDEX "entity_link_uc" ON "entity_link" ("entity_in_id", "entity_out_id");

-- entity_concept_link: Link between a concept and the entity it relates to.
CREATE TABLE "entity_concept_link" (
    "id" BLOB NOT NULL,
    "entity_in_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "entity_out_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("entity_in_id", "entity_out_id", "id")
);

-- entity_version: History snapshot of an entity's data (shot frame range/name changes).
CREATE TABLE "entity_version" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(160) NOT NULL,
    "data" TEXT,
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_entity_version_entity_id" ON "entity_version" ("entity_id");
CREATE INDEX "ix_entity_version_person_id" ON "entity_version" ("person_id");

-- asset_instance: A numbered occurrence of an asset placed in a scene/shot (or inside another asset) for layout/publishing.
CREATE TABLE "asset_instance" (
    "id" BLOB NOT NULL,
    "asset_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "name" VARCHAR(80),
    "number" INTEGER,
    "description" VARCHAR(200),
    "active" BOOLEAN DEFAULT 1,
    "data" TEXT,
    "scene_id" BLOB REFERENCES "entity" ("id"),
    "target_asset_id" BLOB REFERENCES "entity" ("id"),
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "entity_type_id" BLOB REFERENCES "entity_type" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_asset_instance_asset_id" ON "asset_instance" ("asset_id");
CREATE INDEX "ix_asset_instance_scene_id" ON "asset_instance" ("scene_id");
CREATE INDEX "ix_asset_instance_target_asset_id" ON "asset_instance" ("target_asset_id");
CREATE INDEX "ix_asset_instance_entity_id" ON "asset_instance" ("entity_id");
CREATE INDEX "ix_asset_instance_entity_type_id" ON "asset_instance" ("entity_type_id");
CREATE UNIQUE INDEX "asset_instance_uc" ON "asset_instance" ("asset_id", "target_asset_id", "scene_id", "number");

-- task: Unit of work: entity x task type, with status, assignees, dates, estimation, duration, retake count.
CREATE TABLE "task" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL DEFAULT 'main',
    "description" TEXT,
    "priority" INTEGER DEFAULT 0,
    "difficulty" INTEGER NOT NULL DEFAULT 3,
    "duration" REAL DEFAULT 0,
    "estimation" REAL DEFAULT 0,
    "completion_rate" INTEGER DEFAULT 0,
    "retake_count" INTEGER DEFAULT 0,
    "sort_order" INTEGER DEFAULT 0,
    "start_date" DATETIME,
    "due_date" DATETIME,
    "real_start_date" DATETIME,
    "end_date" DATETIME,
    "done_date" DATETIME,
    "last_comment_date" DATETIME,
    "nb_assets_ready" INTEGER DEFAULT 0,
    "data" TEXT,
    "nb_drawings" INTEGER DEFAULT 0,
    "shotgun_id" INTEGER,
    "last_preview_file_id" BLOB,
    "project_id" BLOB REFERENCES "project" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "task_status_id" BLOB REFERENCES "task_status" ("id"),
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "assigner_id" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_task_project_id" ON "task" ("project_id");
CREATE INDEX "ix_task_task_type_id" ON "task" ("task_type_id");
CREATE INDEX "ix_task_task_status_id" ON "task" ("task_status_id");
CREATE INDEX "ix_task_entity_id" ON "task" ("entity_id");
CREATE INDEX "ix_task_assigner_id" ON "task" ("assigner_id");
CREATE INDEX "ix_task_entity_project" ON "task" ("entity_id", "project_id");
CREATE UNIQUE INDEX "task_uc" ON "task" ("name", "project_id", "task_type_id", "entity_id");

-- comment: Comment on a task (object_type 'Task'); may carry a status change, checklist, replies (JSON list), pinning, client visibility, links.
CREATE TABLE "comment" (
    "id" BLOB NOT NULL,
    "shotgun_id" INTEGER,
    "object_id" BLOB NOT NULL,
    "object_type" VARCHAR(80) NOT NULL,
    "text" TEXT,
    "data" TEXT,
    "replies" TEXT DEFAULT '[]',
    "checklist" TEXT DEFAULT '[]',
    "pinned" BOOLEAN,
    "links" TEXT,
    "task_status_id" BLOB REFERENCES "task_status" ("id"),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "editor_id" BLOB REFERENCES "person" ("id"),
    "preview_file_id" BLOB REFERENCES "preview_file" ("id"),
    "for_client" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_comment_object_id" ON "comment" ("object_id");
CREATE INDEX "ix_comment_object_type" ON "comment" ("object_type");
CREATE INDEX "ix_comment_task_status_id" ON "comment" ("task_status_id");
CREATE INDEX "ix_comment_person_id" ON "comment" ("person_id");
CREATE INDEX "ix_comment_editor_id" ON "comment" ("editor_id");
CREATE INDEX "ix_comment_preview_file_id" ON "comment" ("preview_file_id");

-- attachment_file: File attached to a comment, a comment reply, or a chat message (binary kept in file storage).
CREATE TABLE "attachment_file" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(250),
    "size" BIGINT DEFAULT 1,
    "extension" VARCHAR(6),
    "mimetype" VARCHAR(255),
    "comment_id" BLOB REFERENCES "comment" ("id"),
    "reply_id" BLOB,
    "chat_message_id" BLOB REFERENCES "chat_message" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_attachment_file_comment_id" ON "attachment_file" ("comment_id");
CREATE INDEX "ix_attachment_file_chat_message_id" ON "attachment_file" ("chat_message_id");

-- preview_file: Uploaded review media (picture, movie or other file) for a task revision; tracks processing status, annotations, validation.
CREATE TABLE "preview_file" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(250),
    "original_name" VARCHAR(250),
    "revision" INTEGER DEFAULT 1,
    "position" INTEGER DEFAULT 1,
    "extension" VARCHAR(6),
    "description" TEXT,
    "path" VARCHAR(400),
    "source" VARCHAR(40),
    "file_size" BIGINT DEFAULT 0,
    "status" VARCHAR(255) NOT NULL DEFAULT 'processing' CHECK ("status" IN ('processing', 'ready', 'broken', 'missing')),
    "validation_status" VARCHAR(255) NOT NULL DEFAULT 'neutral' CHECK ("validation_status" IN ('validated', 'rejected', 'neutral')),
    "annotations" TEXT,
    "width" INTEGER DEFAULT 0,
    "height" INTEGER DEFAULT 0,
    "duration" REAL DEFAULT 0,
    "task_id" BLOB REFERENCES "task" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "source_file_id" BLOB REFERENCES "output_file" ("id"),
    "shotgun_id" INTEGER,
    "is_movie" BOOLEAN DEFAULT 0,
    "url" VARCHAR(600),
    "uploaded_movie_url" VARCHAR(600),
    "uploaded_movie_name" VARCHAR(150),
    "data" TEXT,
    "token_in" INTEGER,
    "token_out" INTEGER,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_file_task_id" ON "preview_file" ("task_id");
CREATE INDEX "ix_preview_file_person_id" ON "preview_file" ("person_id");
CREATE INDEX "ix_preview_file_source_file_id" ON "preview_file" ("source_file_id");
CREATE UNIQUE INDEX "preview_file_shotgun_id_key" ON "preview_file" ("shotgun_id");
CREATE UNIQUE INDEX "preview_uc" ON "preview_file" ("name", "task_id", "revision");

-- preview_file_storage_state: 
CREATE TABLE "preview_file_storage_state" (
    "id" BLOB NOT NULL,
    "preview_file_id" BLOB NOT NULL REFERENCES "preview_file" ("id") ON DELETE CASCADE,
    "bucket" VARCHAR(20) NOT NULL,
    "prefix" VARCHAR(40) NOT NULL,
    "state" VARCHAR(255) NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_file_storage_state_preview_file_id" ON "preview_file_storage_state" ("preview_file_id");
CREATE INDEX "ix_preview_file_storage_state_bucket_prefix_state" ON "preview_file_storage_state" ("bucket", "prefix", "state");
CREATE UNIQUE INDEX "preview_file_storage_state_uc" ON "preview_file_storage_state" ("preview_file_id", "bucket", "prefix");

-- playlist: Review playlist of a production (shots JSON = ordered list of entity/preview refs).
CREATE TABLE "playlist" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "shots" TEXT,
    "project_id" BLOB REFERENCES "project" ("id"),
    "episode_id" BLOB REFERENCES "entity" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "for_client" BOOLEAN DEFAULT 0,
    "for_entity" VARCHAR(10) DEFAULT 'shot',
    "is_for_all" BOOLEAN DEFAULT 0,
    "created_by" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_playlist_project_id" ON "playlist" ("project_id");
CREATE INDEX "ix_playlist_episode_id" ON "playlist" ("episode_id");
CREATE INDEX "ix_playlist_task_type_id" ON "playlist" ("task_type_id");
CREATE INDEX "ix_playlist_for_client" ON "playlist" ("for_client");
CREATE INDEX "ix_playlist_for_entity" ON "playlist" ("for_entity");
CREATE INDEX "ix_playlist_created_by" ON "playlist" ("created_by");
CREATE UNIQUE INDEX "playlist_uc" ON "playlist" ("name", "project_id", "episode_id");

-- playlist_share_link: Public share token for a playlist (expiry, optional password, comment permission).
CREATE TABLE "playlist_share_link" (
    "id" BLOB NOT NULL,
    "token" VARCHAR(64) NOT NULL,
    "playlist_id" BLOB NOT NULL REFERENCES "playlist" ("id"),
    "created_by" BLOB NOT NULL REFERENCES "person" ("id"),
    "expiration_date" DATETIME,
    "is_active" BOOLEAN NOT NULL DEFAULT 1,
    "can_comment" BOOLEAN NOT NULL DEFAULT 1,
    "password" VARCHAR(255),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_playlist_share_link_token" ON "playlist_share_link" ("token");
CREATE INDEX "ix_playlist_share_link_playlist_id" ON "playlist_share_link" ("playlist_id");
CREATE INDEX "ix_playlist_share_link_created_by" ON "playlist_share_link" ("created_by");
CREATE INDEX "ix_playlist_share_link_playlist_active" ON "playlist_share_link" ("playlist_id", "is_active");

-- build_job: Job building a playlist movie or archive, with status.
CREATE TABLE "build_job" (
    "id" BLOB NOT NULL,
    "status" VARCHAR(255) NOT NULL DEFAULT 'running' CHECK ("status" IN ('running', 'failed', 'succeeded')),
    "job_type" VARCHAR(255) NOT NULL DEFAULT 'movie' CHECK ("job_type" IN ('archive', 'movie')),
    "ended_at" DATETIME,
    "playlist_id" BLOB NOT NULL REFERENCES "playlist" ("id"),
    "message" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_build_job_playlist_id" ON "build_job" ("playlist_id");

-- working_file: Versioned work file of a task (revision per name), produced with a software.
CREATE TABLE "working_file" (
    "id" BLOB NOT NULL,
    "shotgun_id" INTEGER,
    "name" VARCHAR(250),
    "description" TEXT,
    "comment" TEXT,
    "revision" INTEGER,
    "size" INTEGER,
    "checksum" INTEGER,
    "path" VARCHAR(400),
    "data" TEXT,
    "task_id" BLOB REFERENCES "task" ("id"),
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "software_id" BLOB REFERENCES "software" ("id"),
    "validation_status" VARCHAR(255) NOT NULL DEFAULT 'neutral',
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_working_file_shotgun_id" ON "working_file" ("shotgun_id");
CREATE INDEX "ix_working_file_task_id" ON "working_file" ("task_id");
CREATE INDEX "ix_working_file_entity_id" ON "working_file" ("entity_id");
CREATE INDEX "ix_working_file_person_id" ON "working_file" ("person_id");
CREATE INDEX "ix_working_file_software_id" ON "working_file" ("software_id");
CREATE UNIQUE INDEX "working_file_uc" ON "working_file" ("name", "task_id", "entity_id", "revision");

-- output_file: Published (exported) file of an entity or asset instance, versioned by revision, typed by output type.
CREATE TABLE "output_file" (
    "id" BLOB NOT NULL,
    "shotgun_id" INTEGER,
    "name" VARCHAR(250) NOT NULL,
    "canceled" BOOLEAN NOT NULL DEFAULT 0,
    "size" INTEGER,
    "checksum" VARCHAR(32),
    "description" TEXT,
    "comment" TEXT,
    "extension" VARCHAR(10),
    "revision" INTEGER NOT NULL,
    "representation" VARCHAR(20),
    "nb_elements" INTEGER DEFAULT 1,
    "source" VARCHAR(40),
    "path" VARCHAR(400),
    "data" TEXT,
    "file_status_id" BLOB NOT NULL REFERENCES "file_status" ("id"),
    "entity_id" BLOB REFERENCES "entity" ("id"),
    "asset_instance_id" BLOB REFERENCES "asset_instance" ("id"),
    "output_type_id" BLOB REFERENCES "output_type" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "source_file_id" BLOB REFERENCES "working_file" ("id"),
    "temporal_entity_id" BLOB REFERENCES "entity" ("id"),
    "quality" VARCHAR(255),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_output_file_representation" ON "output_file" ("representation");
CREATE INDEX "ix_output_file_file_status_id" ON "output_file" ("file_status_id");
CREATE INDEX "ix_output_file_entity_id" ON "output_file" ("entity_id");
CREATE INDEX "ix_output_file_asset_instance_id" ON "output_file" ("asset_instance_id");
CREATE INDEX "ix_output_file_output_type_id" ON "output_file" ("output_type_id");
CREATE INDEX "ix_output_file_task_type_id" ON "output_file" ("task_type_id");
CREATE INDEX "ix_output_file_person_id" ON "output_file" ("person_id");
CREATE INDEX "ix_output_file_source_file_id" ON "output_file" ("source_file_id");
CREATE INDEX "ix_output_file_temporal_entity_id" ON "output_file" ("temporal_entity_id");
CREATE UNIQUE INDEX "output_file_uc" ON "output_file" ("name", "entity_id", "asset_instance_id", "output_type_id", "task_type_id", "temporal_entity_id", "representation", "revision");

-- output_type: Category of output files (cache, texture, ...).
CREATE TABLE "output_type" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "short_name" VARCHAR(20) NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_output_type_name" ON "output_type" ("name");

-- file_status: Status of an output file (e.g. the default 'To review').
CREATE TABLE "file_status" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "color" VARCHAR(7) NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "file_status_name_key" ON "file_status" ("name");

-- time_spent: Minutes a person spent on a task on a given date (one row per task/person/date).
CREATE TABLE "time_spent" (
    "id" BLOB NOT NULL,
    "duration" REAL NOT NULL,
    "date" DATE NOT NULL,
    "task_id" BLOB REFERENCES "task" ("id"),
    "person_id" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_time_spent_task_id" ON "time_spent" ("task_id");
CREATE INDEX "ix_time_spent_person_id" ON "time_spent" ("person_id");
CREATE UNIQUE INDEX "time_spent_uc" ON "time_spent" ("person_id", "task_id", "date");

-- day_off: Absence period of a person (date .. end_date).
CREATE TABLE "day_off" (
    "id" BLOB NOT NULL,
    "date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "description" TEXT,
    "person_id" BLOB REFERENCES "person" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_day_off_person_id" ON "day_off" ("person_id");
CREATE UNIQUE INDEX "day_off_uc" ON "day_off" ("person_id", "date");

-- schedule_item: Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).
CREATE TABLE "schedule_item" (
    "id" BLOB NOT NULL,
    "start_date" DATE,
    "end_date" DATE,
    "man_days" INTEGER,
    "project_id" BLOB REFERENCES "project" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "object_id" BLOB,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_schedule_item_project_id" ON "schedule_item" ("project_id");
CREATE INDEX "ix_schedule_item_task_type_id" ON "schedule_item" ("task_type_id");
CREATE INDEX "ix_schedule_item_object_id" ON "schedule_item" ("object_id");
CREATE UNIQUE INDEX "schedule_item_uc" ON "schedule_item" ("project_id", "task_type_id", "object_id");

-- milestone: Named date on a production schedule, optionally per task type.
CREATE TABLE "milestone" (
    "id" BLOB NOT NULL,
    "date" DATE,
    "name" VARCHAR(40) NOT NULL,
    "project_id" BLOB REFERENCES "project" ("id"),
    "task_type_id" BLOB REFERENCES "task_type" ("id"),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_milestone_project_id" ON "milestone" ("project_id");
CREATE INDEX "ix_milestone_task_type_id" ON "milestone" ("task_type_id");

-- production_schedule_version: Named alternative schedule of a production (can be locked/applied).
CREATE TABLE "production_schedule_version" (
    "id" BLOB NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "project_id" BLOB NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    "production_schedule_from" BLOB REFERENCES "production_schedule_version" ("id") ON DELETE SET NULL,
    "locked" BOOLEAN DEFAULT 0,
    "canceled" BOOLEAN DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_production_schedule_version_project_id" ON "production_schedule_version" ("project_id");
CREATE INDEX "ix_production_schedule_version_production_schedule_from" ON "production_schedule_version" ("production_schedule_from");
CREATE UNIQUE INDEX "production_schedule_version_uc" ON "production_schedule_version" ("name", "project_id");

-- production_schedule_version_task_link: Per-task dates/estimation inside a schedule version.
CREATE TABLE "production_schedule_version_task_link" (
    "id" BLOB NOT NULL,
    "production_schedule_version_id" BLOB NOT NULL REFERENCES "production_schedule_version" ("id") ON DELETE CASCADE,
    "task_id" BLOB NOT NULL REFERENCES "task" ("id") ON DELETE CASCADE,
    "start_date" DATETIME,
    "due_date" DATETIME,
    "estimation" REAL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_production_schedule_version_task_link_task_id" ON "production_schedule_version_task_link" ("task_id");
CREATE INDEX "ix_production_schedule_version_task_link_production_sch_9cee" ON "production_schedule_version_task_link" ("production_schedule_version_id");
CREATE UNIQUE INDEX "production_schedule_version_task_link_uc" ON "production_schedule_version_task_link" ("production_schedule_version_id", "task_id");

-- data_import_error: Stored error payload from an external import (Shotgun/CSV).
CREATE TABLE "data_import_error" (
    "id" BLOB NOT NULL,
    "event_data" TEXT NOT NULL,
    "source" TEXT CHECK ("source" IN ('csv', 'shotgun')),
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    PRIMARY KEY ("id")
);

-- asset_instance_link: M2M: which shot (entity) uses which asset instance (instance casting).
CREATE TABLE "asset_instance_link" (
    "entity_id" BLOB NOT NULL REFERENCES "entity" ("id"),
    "asset_instance_id" BLOB NOT NULL REFERENCES "asset_instance" ("id"),
    PRIMARY KEY ("entity_id", "asset_instance_id")
);

-- chat_participant: M2M: people who joined an entity chat.
CREATE TABLE "chat_participant" (
    "chat_id" BLOB NOT NULL REFERENCES "chat" ("id"),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    PRIMARY KEY ("chat_id", "person_id")
);

-- comment_acknoledgments: M2M (plain table): people who acknowledged a comment.
CREATE TABLE "comment_acknoledgments" (
    "comment" BLOB NOT NULL REFERENCES "comment" ("id"),
    "person" BLOB NOT NULL REFERENCES "person" ("id"),
    PRIMARY KEY ("comment", "person")
);

-- comment_department_mentions: M2M (plain table): departments @mentioned in a comment.
CREATE TABLE "comment_department_mentions" (
    "comment" BLOB NOT NULL REFERENCES "comment" ("id"),
    "department" BLOB NOT NULL REFERENCES "department" ("id"),
    PRIMARY KEY ("comment", "department")
);

-- comment_mentions: M2M (plain table): people @mentioned in a comment.
CREATE TABLE "comment_mentions" (
    "comment" BLOB NOT NULL REFERENCES "comment" ("id"),
    "person" BLOB NOT NULL REFERENCES "person" ("id"),
    PRIMARY KEY ("comment", "person")
);

-- comment_preview_link: M2M: previews attached to a comment (a revision's preview files).
CREATE TABLE "comment_preview_link" (
    "comment" BLOB NOT NULL REFERENCES "comment" ("id"),
    "preview_file" BLOB NOT NULL REFERENCES "preview_file" ("id"),
    PRIMARY KEY ("comment", "preview_file")
);
CREATE INDEX "ix_comment_preview_link_comment" ON "comment_preview_link" ("comment");
CREATE INDEX "ix_comment_preview_link_preview_file" ON "comment_preview_link" ("preview_file");

-- department_link: M2M: person membership in departments.
CREATE TABLE "department_link" (
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "department_id" BLOB NOT NULL REFERENCES "department" ("id"),
    PRIMARY KEY ("person_id", "department_id")
);
CREATE INDEX "ix_department_link_person_id" ON "department_link" ("person_id");
CREATE INDEX "ix_department_link_department_id" ON "department_link" ("department_id");
CREATE UNIQUE INDEX "department_link_uc" ON "department_link" ("person_id", "department_id");

-- department_metadata_descriptor_link: M2M: departments allowed to see/edit a metadata descriptor.
CREATE TABLE "department_metadata_descriptor_link" (
    "metadata_descriptor_id" BLOB NOT NULL REFERENCES "metadata_descriptor" ("id"),
    "department_id" BLOB NOT NULL REFERENCES "department" ("id"),
    PRIMARY KEY ("metadata_descriptor_id", "department_id")
);
CREATE INDEX "ix_department_metadata_descriptor_link_metadata_descriptor_id" ON "department_metadata_descriptor_link" ("metadata_descriptor_id");
CREATE INDEX "ix_department_metadata_descriptor_link_department_id" ON "department_metadata_descriptor_link" ("department_id");
CREATE UNIQUE INDEX "department_metadata_descriptor_link_uc" ON "department_metadata_descriptor_link" ("metadata_descriptor_id", "department_id");

-- production_schedule_version_task_link_person_link: M2M: assignees of a task inside a schedule version.
CREATE TABLE "production_schedule_version_task_link_person_link" (
    "production_schedule_version_task_link_id" BLOB NOT NULL REFERENCES "production_schedule_version_task_link" ("id") ON DELETE CASCADE,
    "person_id" BLOB NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE,
    PRIMARY KEY ("production_schedule_version_task_link_id", "person_id")
);

-- project_asset_type_link: M2M: asset types enabled on a project.
CREATE TABLE "project_asset_type_link" (
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "asset_type_id" BLOB NOT NULL REFERENCES "entity_type" ("id"),
    PRIMARY KEY ("project_id", "asset_type_id")
);
CREATE INDEX "ix_project_asset_type_link_project_id" ON "project_asset_type_link" ("project_id");
CREATE INDEX "ix_project_asset_type_link_asset_type_id" ON "project_asset_type_link" ("asset_type_id");

-- project_person_link: Project team membership, with optional per-project role override.
CREATE TABLE "project_person_link" (
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    "shotgun_id" INTEGER,
    "role" VARCHAR(255) CHECK ("role" IN ('user', 'admin', 'supervisor', 'manager', 'client', 'vendor')),
    PRIMARY KEY ("project_id", "person_id")
);
CREATE INDEX "ix_project_person_link_project_id" ON "project_person_link" ("project_id");
CREATE INDEX "ix_project_person_link_person_id" ON "project_person_link" ("person_id");

-- project_preview_background_file_link: M2M: preview backgrounds enabled on a project.
CREATE TABLE "project_preview_background_file_link" (
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "preview_background_file_id" BLOB NOT NULL REFERENCES "preview_background_file" ("id"),
    PRIMARY KEY ("project_id", "preview_background_file_id")
);
CREATE INDEX "ix_project_preview_background_file_link_project_id" ON "project_preview_background_file_link" ("project_id");
CREATE INDEX "ix_project_preview_background_file_link_preview_backgro_080b" ON "project_preview_background_file_link" ("preview_background_file_id");

-- project_status_automation_link: M2M: status automations enabled on a project.
CREATE TABLE "project_status_automation_link" (
    "project_id" BLOB NOT NULL REFERENCES "project" ("id"),
    "status_automation_id" BLOB NOT NULL REFERENCES "status_automation" ("id"),
    PRIMARY KEY ("project_id", "status_automation_id")
);
CREATE INDEX "ix_project_status_automation_link_project_id" ON "project_status_automation_link" ("project_id");
CREATE INDEX "ix_project_status_automation_link_status_automation_id" ON "project_status_automation_link" ("status_automation_id");

-- project_template_asset_type_link: M2M: asset types of a project template.
CREATE TABLE "project_template_asset_type_link" (
    "project_template_id" BLOB NOT NULL REFERENCES "project_template" ("id"),
    "asset_type_id" BLOB NOT NULL REFERENCES "entity_type" ("id"),
    PRIMARY KEY ("project_template_id", "asset_type_id")
);
CREATE INDEX "ix_project_template_asset_type_link_project_template_id" ON "project_template_asset_type_link" ("project_template_id");
CREATE INDEX "ix_project_template_asset_type_link_asset_type_id" ON "project_template_asset_type_link" ("asset_type_id");

-- project_template_preview_background_file_link: M2M: preview backgrounds of a project template.
CREATE TABLE "project_template_preview_background_file_link" (
    "project_template_id" BLOB NOT NULL REFERENCES "project_template" ("id"),
    "preview_background_file_id" BLOB NOT NULL REFERENCES "preview_background_file" ("id"),
    PRIMARY KEY ("project_template_id", "preview_background_file_id")
);
CREATE INDEX "ix_project_template_preview_background_file_link_previe_393c" ON "project_template_preview_background_file_link" ("preview_background_file_id");
CREATE INDEX "ix_project_template_preview_background_file_link_projec_ab7b" ON "project_template_preview_background_file_link" ("project_template_id");

-- project_template_status_automation_link: M2M: status automations of a project template.
CREATE TABLE "project_template_status_automation_link" (
    "project_template_id" BLOB NOT NULL REFERENCES "project_template" ("id"),
    "status_automation_id" BLOB NOT NULL REFERENCES "status_automation" ("id"),
    PRIMARY KEY ("project_template_id", "status_automation_id")
);
CREATE INDEX "ix_project_template_status_automation_link_project_template_id" ON "project_template_status_automation_link" ("project_template_id");
CREATE INDEX "ix_project_template_status_automation_link_status_automation_id" ON "project_template_status_automation_link" ("status_automation_id");

-- task_person_link: M2M: task assignees.
CREATE TABLE "task_person_link" (
    "task_id" BLOB NOT NULL REFERENCES "task" ("id"),
    "person_id" BLOB NOT NULL REFERENCES "person" ("id"),
    PRIMARY KEY ("task_id", "person_id")
);
CREATE INDEX "ix_task_person_link_person_id" ON "task_person_link" ("person_id");

-- task_type_asset_type_link: M2M: task types applicable to an asset type.
CREATE TABLE "task_type_asset_type_link" (
    "asset_type_id" BLOB NOT NULL REFERENCES "entity_type" ("id"),
    "task_type_id" BLOB NOT NULL REFERENCES "task_type" ("id"),
    PRIMARY KEY ("asset_type_id", "task_type_id")
);
CREATE INDEX "ix_task_type_asset_type_link_asset_type_id" ON "task_type_asset_type_link" ("asset_type_id");
CREATE INDEX "ix_task_type_asset_type_link_task_type_id" ON "task_type_asset_type_link" ("task_type_id");
CREATE UNIQUE INDEX "task_type_asset_type_link_uc" ON "task_type_asset_type_link" ("asset_type_id", "task_type_id");

