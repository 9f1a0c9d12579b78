-- The Zou data model (80 tables), generated from schema/src/models by
-- `tusk dev ddl postgres`. Later changes go in new migrations.

CREATE TYPE import_source_enum AS ENUM ('csv', 'shotgun');

-- api_event: Persisted event log: one row per emitted event (name, payload, actor, project).
CREATE TABLE "api_event" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "user_id" uuid,
    "project_id" uuid,
    "data" jsonb,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_api_event_name" ON "api_event" ("name");
CREATE INDEX "ix_api_event_user_id" ON "api_event" ("user_id");
CREATE INDEX "ix_api_event_project_id" ON "api_event" ("project_id");
CREATE INDEX "ix_api_event_created_at" ON "api_event" ("created_at");
CREATE INDEX "ix_api_event_project_id_created_at" ON "api_event" ("project_id", "created_at");

-- login_log: Login audit row (person, IP, origin web/script).
CREATE TABLE "login_log" (
    "id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "ip_address" varchar(50),
    "origin" varchar(255) CHECK ("origin" IN ('web', 'script')),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_login_log_person_id" ON "login_log" ("person_id");

-- stored_file: 
CREATE TABLE "stored_file" (
    "id" uuid NOT NULL,
    "bucket" varchar(20) NOT NULL,
    "key" varchar(255) NOT NULL,
    "prefix" varchar(40) NOT NULL,
    "file_id" varchar(200) NOT NULL,
    "size" bigint,
    "deleted_at" timestamp,
    "purge_forced" boolean NOT NULL DEFAULT false,
    "purged_at" timestamp,
    "purge_attempts" integer NOT NULL DEFAULT 0,
    "last_error" text,
    "journal" jsonb NOT NULL DEFAULT '[]',
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_stored_file_file_id" ON "stored_file" ("file_id");
CREATE INDEX "ix_stored_file_to_purge" ON "stored_file" ("purge_forced", "deleted_at") WHERE (deleted_at IS NOT NULL) AND (purged_at IS NULL);
CREATE UNIQUE INDEX "stored_file_uc" ON "stored_file" ("bucket", "key");

-- person: User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.
CREATE TABLE "person" (
    "id" uuid NOT NULL,
    "first_name" varchar(80) NOT NULL,
    "last_name" varchar(80) NOT NULL,
    "email" varchar(255),
    "phone" varchar(30),
    "country" varchar(2),
    "contract_type" varchar(255) NOT NULL DEFAULT 'open-ended' CHECK ("contract_type" IN ('open-ended', 'fixed-term', 'short-term', 'freelance', 'apprentice', 'internship')),
    "active" boolean DEFAULT true,
    "archived" boolean DEFAULT false,
    "last_presence" date,
    "password" bytea,
    "desktop_login" varchar(80),
    "login_failed_attemps" integer DEFAULT 0,
    "last_login_failed" timestamp,
    "totp_enabled" boolean DEFAULT false,
    "totp_secret" varchar(32),
    "email_otp_enabled" boolean DEFAULT false,
    "email_otp_secret" varchar(32),
    "fido_enabled" boolean DEFAULT false,
    "fido_credentials" jsonb[],
    "otp_recovery_codes" bytea[],
    "preferred_two_factor_authentication" varchar(255) CHECK ("preferred_two_factor_authentication" IN ('totp', 'email_otp', 'fido')),
    "shotgun_id" integer,
    "timezone" varchar(50) DEFAULT 'Europe/Paris',
    "locale" varchar(10) DEFAULT 'en_US',
    "use_12_hour_clock" boolean DEFAULT false,
    "display_date_format" varchar(20) DEFAULT 'YYYY-MM-DD',
    "data" jsonb,
    "role" varchar(255) NOT NULL DEFAULT 'user' CHECK ("role" IN ('user', 'admin', 'supervisor', 'manager', 'client', 'vendor')),
    "position" varchar(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" varchar(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "daily_salary" integer DEFAULT 0,
    "has_avatar" boolean DEFAULT false,
    "notifications_enabled" boolean DEFAULT false,
    "notifications_slack_enabled" boolean DEFAULT false,
    "notifications_slack_userid" varchar(60) DEFAULT '',
    "notifications_mattermost_enabled" boolean DEFAULT false,
    "notifications_mattermost_userid" varchar(60) DEFAULT '',
    "notifications_discord_enabled" boolean DEFAULT false,
    "notifications_discord_userid" varchar(60) DEFAULT '',
    "is_bot" boolean NOT NULL DEFAULT false,
    "is_guest" boolean NOT NULL DEFAULT false,
    "jti" varchar(60),
    "oidc_issuer" text,
    "oidc_subject" varchar(255),
    "saml_issuer" text,
    "saml_subject" varchar(255),
    "preview_project_id" uuid,
    "preview_opened_at" timestamp,
    "preview_open_until" timestamp,
    "expiration_date" date,
    "is_generated_from_ldap" boolean DEFAULT false,
    "ldap_uid" varchar(60),
    "studio_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "color" varchar(7) NOT NULL,
    "archived" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "department_name_key" ON "department" ("name");

-- studio: Studio/site a person belongs to (multi-studio setups).
CREATE TABLE "studio" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "color" varchar(7) NOT NULL,
    "archived" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "studio_name_key" ON "studio" ("name");

-- organisation: Single studio settings row (name, hours per day, UI defaults, chat integration tokens).
CREATE TABLE "organisation" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "hours_by_day" double precision NOT NULL DEFAULT 8,
    "has_avatar" boolean DEFAULT false,
    "use_original_file_name" boolean DEFAULT false,
    "timesheets_locked" boolean DEFAULT false,
    "format_duration_in_hours" boolean DEFAULT false,
    "hd_by_default" boolean DEFAULT false,
    "chat_token_slack" varchar(80) DEFAULT '',
    "chat_webhook_mattermost" varchar(80) DEFAULT '',
    "chat_token_discord" varchar(80) DEFAULT '',
    "dark_theme_by_default" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organisation_name_key" ON "organisation" ("name");

-- software: Studio software (DCC) catalog with file extensions and licence cost.
CREATE TABLE "software" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "short_name" varchar(20) NOT NULL,
    "archived" boolean DEFAULT false,
    "version" varchar(20),
    "file_extension" varchar(20) NOT NULL,
    "secondary_extensions" jsonb,
    "monthly_cost" integer DEFAULT 0,
    "inventory_amount" integer DEFAULT 0,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "software_name_key" ON "software" ("name");

-- hardware_item: Studio hardware inventory item with monthly cost.
CREATE TABLE "hardware_item" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "short_name" varchar(20) NOT NULL,
    "archived" boolean DEFAULT false,
    "monthly_cost" integer DEFAULT 0,
    "inventory_amount" integer DEFAULT 0,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "hardware_item_name_key" ON "hardware_item" ("name");

-- plugin: Installed server plugin metadata.
CREATE TABLE "plugin" (
    "id" uuid NOT NULL,
    "plugin_id" varchar(80) NOT NULL,
    "name" varchar(80) NOT NULL,
    "description" text,
    "version" varchar(50) NOT NULL,
    "maintainer_name" varchar(200) NOT NULL,
    "maintainer_email" varchar(255),
    "website" text,
    "license" varchar(80) NOT NULL,
    "revision" varchar(12),
    "frontend_project_enabled" boolean DEFAULT false,
    "frontend_studio_enabled" boolean DEFAULT false,
    "icon" varchar(255),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_plugin_plugin_id" ON "plugin" ("plugin_id");
CREATE INDEX "ix_plugin_name" ON "plugin" ("name");

-- desktop_login_log: Timestamped desktop-tool login of a person (feeds presence logs).
CREATE TABLE "desktop_login_log" (
    "id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "date" timestamp NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_desktop_login_log_person_id" ON "desktop_login_log" ("person_id");

-- software_department_link: Which software a department uses.
CREATE TABLE "software_department_link" (
    "id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    "software_id" uuid NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("department_id", "software_id", "id")
);
CREATE INDEX "ix_software_department_link_department_id" ON "software_department_link" ("department_id");
CREATE INDEX "ix_software_department_link_software_id" ON "software_department_link" ("software_id");
CREATE UNIQUE INDEX "software_department_link_uc" ON "software_department_link" ("department_id", "software_id");

-- hardware_item_department_link: Which hardware a department uses.
CREATE TABLE "hardware_item_department_link" (
    "id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    "hardware_item_id" uuid NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("department_id", "hardware_item_id", "id")
);
CREATE INDEX "ix_hardware_item_department_link_department_id" ON "hardware_item_department_link" ("department_id");
CREATE INDEX "ix_hardware_item_department_link_hardware_item_id" ON "hardware_item_department_link" ("hardware_item_id");
CREATE UNIQUE INDEX "hardware_item_department_link_uc" ON "hardware_item_department_link" ("hardware_item_id", "department_id");

-- notification: Per-person notification (comment, mention, assignation, reply, reply-mention, playlist-ready).
CREATE TABLE "notification" (
    "id" uuid NOT NULL,
    "read" boolean NOT NULL DEFAULT false,
    "change" boolean NOT NULL DEFAULT false,
    "type" varchar(255) NOT NULL CHECK ("type" IN ('comment', 'mention', 'assignation', 'reply', 'reply-mention', 'playlist-ready')),
    "person_id" uuid NOT NULL,
    "author_id" uuid NOT NULL,
    "comment_id" uuid,
    "task_id" uuid,
    "playlist_id" uuid,
    "reply_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "task_id" uuid,
    "entity_id" uuid,
    "task_type_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "change" boolean NOT NULL DEFAULT false,
    "author_id" uuid NOT NULL,
    "comment_id" uuid,
    "task_id" uuid NOT NULL,
    "preview_file_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_news_author_id" ON "news" ("author_id");
CREATE INDEX "ix_news_comment_id" ON "news" ("comment_id");
CREATE INDEX "ix_news_task_id" ON "news" ("task_id");
CREATE INDEX "ix_news_preview_file_id" ON "news" ("preview_file_id");

-- chat: Chat room attached to an entity (object_id = entity id).
CREATE TABLE "chat" (
    "id" uuid NOT NULL,
    "object_id" uuid NOT NULL,
    "object_type" varchar(80) NOT NULL DEFAULT 'entity',
    "last_message" timestamp,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_chat_object_id" ON "chat" ("object_id");
CREATE INDEX "ix_chat_object_type" ON "chat" ("object_type");

-- chat_message: Message posted in an entity chat.
CREATE TABLE "chat_message" (
    "id" uuid NOT NULL,
    "chat_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "text" text,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_chat_message_chat_id" ON "chat_message" ("chat_id");
CREATE INDEX "ix_chat_message_person_id" ON "chat_message" ("person_id");

-- search_filter: Saved search query for a list view, personal or shared.
CREATE TABLE "search_filter" (
    "id" uuid NOT NULL,
    "list_type" varchar(80) NOT NULL,
    "entity_type" varchar(80),
    "name" varchar(200) NOT NULL,
    "search_query" varchar(500) NOT NULL,
    "is_shared" boolean NOT NULL DEFAULT false,
    "department_id" uuid,
    "search_filter_group_id" uuid,
    "person_id" uuid,
    "project_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_search_filter_list_type" ON "search_filter" ("list_type");
CREATE INDEX "ix_search_filter_department_id" ON "search_filter" ("department_id");
CREATE INDEX "ix_search_filter_search_filter_group_id" ON "search_filter" ("search_filter_group_id");
CREATE INDEX "ix_search_filter_person_id" ON "search_filter" ("person_id");
CREATE INDEX "ix_search_filter_project_id" ON "search_filter" ("project_id");

-- search_filter_group: Folder/group of saved search filters.
CREATE TABLE "search_filter_group" (
    "id" uuid NOT NULL,
    "list_type" varchar(80) NOT NULL,
    "entity_type" varchar(80),
    "name" varchar(200) NOT NULL,
    "color" varchar(8) NOT NULL,
    "is_shared" boolean NOT NULL DEFAULT false,
    "person_id" uuid,
    "project_id" uuid,
    "department_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_search_filter_group_list_type" ON "search_filter_group" ("list_type");
CREATE INDEX "ix_search_filter_group_person_id" ON "search_filter_group" ("person_id");
CREATE INDEX "ix_search_filter_group_project_id" ON "search_filter_group" ("project_id");
CREATE INDEX "ix_search_filter_group_department_id" ON "search_filter_group" ("department_id");

-- project: A production: settings (fps, ratio, resolution, type, style), status, file tree, flags, links to catalog items.
CREATE TABLE "project" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "code" varchar(80),
    "description" text,
    "shotgun_id" integer,
    "file_tree" jsonb,
    "data" jsonb,
    "has_avatar" boolean DEFAULT false,
    "fps" varchar(10) DEFAULT '25',
    "ratio" varchar(10) DEFAULT '16:9',
    "resolution" varchar(12) DEFAULT '1920x1080',
    "production_type" varchar(20) DEFAULT 'short',
    "production_style" varchar(255) NOT NULL DEFAULT '2d3d' CHECK ("production_style" IN ('2d', '2dpaper', '3d', '2d3d', 'ar', 'vfx', 'stop-motion', 'motion-design', 'archviz', 'commercial', 'catalog', 'immersive', 'nft', 'video-game', 'vr')),
    "start_date" date,
    "end_date" date,
    "man_days" integer,
    "nb_episodes" integer DEFAULT 0,
    "episode_span" integer DEFAULT 0,
    "max_retakes" integer DEFAULT 0,
    "is_clients_isolated" boolean DEFAULT false,
    "is_preview_download_allowed" boolean DEFAULT false,
    "is_set_preview_automated" boolean DEFAULT false,
    "homepage" varchar(80) DEFAULT 'assets',
    "is_publish_default_for_artists" boolean DEFAULT false,
    "hd_bitrate_compression" integer,
    "ld_bitrate_compression" integer,
    "project_status_id" uuid,
    "default_preview_background_file_id" uuid,
    "from_schedule_version_id" uuid,
    "is_bot_collaboration_enabled" boolean DEFAULT false,
    "is_single_preview_per_revision" boolean DEFAULT false,
    "revision_padding" integer NOT NULL DEFAULT 0,
    "is_frame_in_numbering" boolean DEFAULT false,
    "is_client_stats_visible" boolean DEFAULT true,
    "is_client_task_list_visible" boolean DEFAULT true,
    "is_client_task_panel_visible" boolean DEFAULT true,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_name" ON "project" ("name");
CREATE INDEX "ix_project_project_status_id" ON "project" ("project_status_id");
CREATE INDEX "ix_project_default_preview_background_file_id" ON "project" ("default_preview_background_file_id");
CREATE INDEX "ix_project_from_schedule_version_id" ON "project" ("from_schedule_version_id");

-- project_status: Project status (reserved names 'Open' and 'Closed').
CREATE TABLE "project_status" (
    "id" uuid NOT NULL,
    "name" varchar(20) NOT NULL,
    "color" varchar(7) NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_status_name" ON "project_status" ("name");

-- entity_type: Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.
CREATE TABLE "entity_type" (
    "id" uuid NOT NULL,
    "name" varchar(30) NOT NULL,
    "short_name" varchar(20),
    "description" text,
    "archived" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_entity_type_name" ON "entity_type" ("name");

-- metadata_descriptor: Custom field definition for a project and an entity type (stored in the entity/task/project 'data' JSON under field_name).
CREATE TABLE "metadata_descriptor" (
    "id" uuid NOT NULL,
    "project_id" uuid NOT NULL,
    "entity_type" varchar(60) NOT NULL,
    "name" varchar(120) NOT NULL,
    "data_type" varchar(255) CHECK ("data_type" IN ('string', 'number', 'list', 'taglist', 'boolean', 'checklist', 'date', 'url', 'textarea', 'person')),
    "field_name" varchar(120) NOT NULL,
    "choices" jsonb,
    "for_client" boolean DEFAULT false,
    "position" integer,
    "task_type_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "project_id" uuid,
    "revision" integer NOT NULL DEFAULT 1,
    "name" varchar(255) NOT NULL,
    "currency" varchar(3),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_budget_project_id" ON "budget" ("project_id");

-- budget_entry: One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).
CREATE TABLE "budget_entry" (
    "id" uuid NOT NULL,
    "budget_id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    "person_id" uuid,
    "start_date" date NOT NULL,
    "months_duration" integer NOT NULL,
    "daily_salary" double precision NOT NULL,
    "position" varchar(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" varchar(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "exceptions" jsonb,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_budget_entry_budget_id" ON "budget_entry" ("budget_id");
CREATE INDEX "ix_budget_entry_department_id" ON "budget_entry" ("department_id");
CREATE INDEX "ix_budget_entry_person_id" ON "budget_entry" ("person_id");

-- salary_scale: Salary grid cell per department x position x seniority (rows auto-created on listing).
CREATE TABLE "salary_scale" (
    "id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    "position" varchar(255) DEFAULT 'artist' CHECK ("position" IN ('supervisor', 'lead', 'artist')),
    "seniority" varchar(255) DEFAULT 'mid' CHECK ("seniority" IN ('senior', 'mid', 'junior')),
    "salary" integer NOT NULL DEFAULT 0,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_salary_scale_department_id" ON "salary_scale" ("department_id");

-- project_task_type_link: Task type enabled on a project, with per-project priority (ordering).
CREATE TABLE "project_task_type_link" (
    "id" uuid NOT NULL,
    "project_id" uuid NOT NULL,
    "task_type_id" uuid NOT NULL,
    "priority" integer,
    "hd_bitrate_compression" integer,
    "ld_bitrate_compression" integer,
    "is_client_visible" boolean DEFAULT true,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("project_id", "task_type_id", "id")
);
CREATE INDEX "ix_project_task_type_link_project_id" ON "project_task_type_link" ("project_id");
CREATE INDEX "ix_project_task_type_link_task_type_id" ON "project_task_type_link" ("task_type_id");
CREATE UNIQUE INDEX "project_tasktype_uc" ON "project_task_type_link" ("project_id", "task_type_id");

-- project_task_status_link: Task status enabled on a project, with board ordering and roles allowed on the board.
CREATE TABLE "project_task_status_link" (
    "id" uuid NOT NULL,
    "project_id" uuid NOT NULL,
    "task_status_id" uuid NOT NULL,
    "priority" integer,
    "roles_for_board" varchar[] DEFAULT '{}',
    "is_client_allowed" boolean,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("project_id", "task_status_id", "id")
);
CREATE INDEX "ix_project_task_status_link_project_id" ON "project_task_status_link" ("project_id");
CREATE INDEX "ix_project_task_status_link_task_status_id" ON "project_task_status_link" ("task_status_id");
CREATE UNIQUE INDEX "project_taskstatus_uc" ON "project_task_status_link" ("project_id", "task_status_id");

-- project_task_type_software_link: 
CREATE TABLE "project_task_type_software_link" (
    "id" uuid NOT NULL,
    "project_id" uuid NOT NULL,
    "task_type_id" uuid NOT NULL,
    "software_id" uuid NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("project_id", "task_type_id", "software_id", "id")
);
CREATE INDEX "ix_project_task_type_software_link_project_id" ON "project_task_type_software_link" ("project_id");
CREATE INDEX "ix_project_task_type_software_link_task_type_id" ON "project_task_type_software_link" ("task_type_id");
CREATE INDEX "ix_project_task_type_software_link_software_id" ON "project_task_type_software_link" ("software_id");
CREATE UNIQUE INDEX "project_task_type_software_uc" ON "project_task_type_software_link" ("project_id", "task_type_id", "software_id");

-- task_type: Department step (Modeling, Animation...) targeting an entity kind via for_entity.
CREATE TABLE "task_type" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "short_name" varchar(20),
    "description" text,
    "color" varchar(7) DEFAULT '#FFFFFF',
    "priority" integer DEFAULT 1,
    "for_entity" varchar(30) DEFAULT 'Asset',
    "allow_timelog" boolean DEFAULT true,
    "archived" boolean DEFAULT false,
    "shotgun_id" integer,
    "department_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_task_type_shotgun_id" ON "task_type" ("shotgun_id");
CREATE INDEX "ix_task_type_department_id" ON "task_type" ("department_id");
CREATE UNIQUE INDEX "task_type_uc" ON "task_type" ("name", "for_entity", "department_id");

-- task_status: Workflow status with behaviour flags (done, retake, WIP, feedback request, default, artist/client allowed, concept).
CREATE TABLE "task_status" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "archived" boolean DEFAULT false,
    "short_name" varchar(10) NOT NULL,
    "description" text,
    "color" varchar(7) NOT NULL,
    "priority" integer DEFAULT 1,
    "is_done" boolean DEFAULT false,
    "is_artist_allowed" boolean DEFAULT true,
    "is_client_allowed" boolean DEFAULT true,
    "is_retake" boolean DEFAULT false,
    "is_feedback_request" boolean DEFAULT false,
    "is_default" boolean DEFAULT false,
    "is_wip" boolean DEFAULT false,
    "shotgun_id" integer,
    "for_concept" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_task_status_short_name" ON "task_status" ("short_name");
CREATE INDEX "ix_task_status_is_done" ON "task_status" ("is_done");
CREATE INDEX "ix_task_status_is_feedback_request" ON "task_status" ("is_feedback_request");
CREATE INDEX "ix_task_status_is_default" ON "task_status" ("is_default");
CREATE INDEX "ix_task_status_is_wip" ON "task_status" ("is_wip");

-- status_automation: Rule: when a task of type X reaches status Y, set status (or 'ready_for') on another task type of the same entity.
CREATE TABLE "status_automation" (
    "id" uuid NOT NULL,
    "entity_type" varchar(40) DEFAULT 'asset',
    "in_task_type_id" uuid,
    "in_task_status_id" uuid,
    "out_field_type" varchar(255) NOT NULL DEFAULT 'status' CHECK ("out_field_type" IN ('status', 'ready_for')),
    "out_task_type_id" uuid,
    "out_task_status_id" uuid,
    "import_last_revision" boolean DEFAULT false,
    "archived" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_status_automation_in_task_type_id" ON "status_automation" ("in_task_type_id");
CREATE INDEX "ix_status_automation_in_task_status_id" ON "status_automation" ("in_task_status_id");
CREATE INDEX "ix_status_automation_out_task_type_id" ON "status_automation" ("out_task_type_id");
CREATE INDEX "ix_status_automation_out_task_status_id" ON "status_automation" ("out_task_status_id");

-- custom_action: Studio-defined URL action shown in the UI for an entity type.
CREATE TABLE "custom_action" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "url" varchar(400),
    "entity_type" varchar(40) DEFAULT 'all',
    "is_ajax" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);

-- preview_background_file: HDR environment used as background in the 3D preview player.
CREATE TABLE "preview_background_file" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "archived" boolean DEFAULT false,
    "is_default" boolean DEFAULT false,
    "original_name" varchar(250),
    "extension" varchar(6),
    "file_size" bigint DEFAULT 0,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_background_file_is_default" ON "preview_background_file" ("is_default");

-- project_template: Reusable set of project settings and catalog links applied when creating a project.
CREATE TABLE "project_template" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "description" text,
    "fps" varchar(10) DEFAULT '25',
    "ratio" varchar(10) DEFAULT '16:9',
    "resolution" varchar(12) DEFAULT '1920x1080',
    "production_type" varchar(20) DEFAULT 'short',
    "production_style" varchar(255) NOT NULL DEFAULT '2d3d' CHECK ("production_style" IN ('2d', '2dpaper', '3d', '2d3d', 'ar', 'vfx', 'stop-motion', 'motion-design', 'archviz', 'commercial', 'catalog', 'immersive', 'nft', 'video-game', 'vr')),
    "max_retakes" integer DEFAULT 0,
    "is_clients_isolated" boolean DEFAULT false,
    "is_preview_download_allowed" boolean DEFAULT false,
    "is_set_preview_automated" boolean DEFAULT false,
    "is_publish_default_for_artists" boolean DEFAULT false,
    "homepage" varchar(80) DEFAULT 'assets',
    "hd_bitrate_compression" integer,
    "ld_bitrate_compression" integer,
    "file_tree" jsonb,
    "data" jsonb,
    "metadata_descriptors" jsonb DEFAULT '[]',
    "default_preview_background_file_id" uuid,
    "is_single_preview_per_revision" boolean DEFAULT false,
    "revision_padding" integer NOT NULL DEFAULT 0,
    "is_frame_in_numbering" boolean DEFAULT false,
    "is_client_stats_visible" boolean DEFAULT true,
    "is_client_task_list_visible" boolean DEFAULT true,
    "is_client_task_panel_visible" boolean DEFAULT true,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_project_template_name" ON "project_template" ("name");
CREATE INDEX "ix_project_template_default_preview_background_file_id" ON "project_template" ("default_preview_background_file_id");

-- project_template_task_type_link: Task types of a template, with priority.
CREATE TABLE "project_template_task_type_link" (
    "id" uuid NOT NULL,
    "project_template_id" uuid NOT NULL,
    "task_type_id" uuid NOT NULL,
    "priority" integer,
    "hd_bitrate_compression" integer,
    "ld_bitrate_compression" integer,
    "is_client_visible" boolean DEFAULT true,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("project_template_id", "task_type_id")
);
CREATE INDEX "ix_project_template_task_type_link_project_template_id" ON "project_template_task_type_link" ("project_template_id");
CREATE INDEX "ix_project_template_task_type_link_task_type_id" ON "project_template_task_type_link" ("task_type_id");
CREATE UNIQUE INDEX "project_template_tasktype_uc" ON "project_template_task_type_link" ("project_template_id", "task_type_id");

-- project_template_task_status_link: Task statuses of a template, with priority and board roles.
CREATE TABLE "project_template_task_status_link" (
    "id" uuid NOT NULL,
    "project_template_id" uuid NOT NULL,
    "task_status_id" uuid NOT NULL,
    "priority" integer,
    "roles_for_board" varchar[] DEFAULT '{user,admin,supervisor,manager,vendor}',
    "is_client_allowed" boolean,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("project_template_id", "task_status_id")
);
CREATE INDEX "ix_project_template_task_status_link_project_template_id" ON "project_template_task_status_link" ("project_template_id");
CREATE INDEX "ix_project_template_task_status_link_task_status_id" ON "project_template_task_status_link" ("task_status_id");
CREATE UNIQUE INDEX "project_template_taskstatus_uc" ON "project_template_task_status_link" ("project_template_id", "task_status_id");

-- entity: Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.
CREATE TABLE "entity" (
    "id" uuid NOT NULL,
    "name" varchar(160) NOT NULL,
    "code" varchar(160),
    "description" text,
    "shotgun_id" integer,
    "canceled" boolean DEFAULT false,
    "nb_frames" integer,
    "nb_entities_out" integer DEFAULT 0,
    "is_casting_standby" boolean DEFAULT false,
    "is_shared" boolean NOT NULL DEFAULT false,
    "status" varchar(255) NOT NULL DEFAULT 'running' CHECK ("status" IN ('standby', 'running', 'complete', 'canceled')),
    "project_id" uuid NOT NULL,
    "entity_type_id" uuid NOT NULL,
    "parent_id" uuid,
    "source_id" uuid,
    "preview_file_id" uuid,
    "data" jsonb,
    "ready_for" uuid,
    "created_by" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "entity_in_id" uuid NOT NULL,
    "entity_out_id" uuid NOT NULL,
    "data" jsonb,
    "nb_occurences" integer DEFAULT 1,
    "label" varchar(80) DEFAULT '',
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("entity_in_id", "entity_out_id", "id")
);
CREATE INDEX "ix_entity_link_entity_in_id" ON "entity_link" ("entity_in_id");
CREATE INDEX "ix_entity_link_entity_out_id" ON "entity_link" ("entity_out_id");
CREATE UNIQUE INDEX "entity_link_uc" ON "entity_link" ("entity_in_id", "entity_out_id");

-- entity_concept_link: Link between a concept and the entity it relates to.
CREATE TABLE "entity_concept_link" (
    "id" uuid NOT NULL,
    "entity_in_id" uuid NOT NULL,
    "entity_out_id" uuid NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("entity_in_id", "entity_out_id", "id")
);

-- entity_version: History snapshot of an entity's data (shot frame range/name changes).
CREATE TABLE "entity_version" (
    "id" uuid NOT NULL,
    "name" varchar(160) NOT NULL,
    "data" jsonb,
    "entity_id" uuid,
    "person_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_entity_version_entity_id" ON "entity_version" ("entity_id");
CREATE INDEX "ix_entity_version_person_id" ON "entity_version" ("person_id");

-- asset_instance: A numbered occurrence of an asset placed in a scene/shot (or inside another asset) for layout/publishing.
CREATE TABLE "asset_instance" (
    "id" uuid NOT NULL,
    "asset_id" uuid NOT NULL,
    "name" varchar(80),
    "number" integer,
    "description" varchar(200),
    "active" boolean DEFAULT true,
    "data" jsonb,
    "scene_id" uuid,
    "target_asset_id" uuid,
    "entity_id" uuid,
    "entity_type_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL DEFAULT 'main',
    "description" text,
    "priority" integer DEFAULT 0,
    "difficulty" integer NOT NULL DEFAULT 3,
    "duration" double precision DEFAULT 0,
    "estimation" double precision DEFAULT 0,
    "completion_rate" integer DEFAULT 0,
    "retake_count" integer DEFAULT 0,
    "sort_order" integer DEFAULT 0,
    "start_date" timestamp,
    "due_date" timestamp,
    "real_start_date" timestamp,
    "end_date" timestamp,
    "done_date" timestamp,
    "last_comment_date" timestamp,
    "nb_assets_ready" integer DEFAULT 0,
    "data" jsonb,
    "nb_drawings" integer DEFAULT 0,
    "shotgun_id" integer,
    "last_preview_file_id" uuid,
    "project_id" uuid,
    "task_type_id" uuid,
    "task_status_id" uuid,
    "entity_id" uuid,
    "assigner_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "shotgun_id" integer,
    "object_id" uuid NOT NULL,
    "object_type" varchar(80) NOT NULL,
    "text" text,
    "data" jsonb,
    "replies" jsonb DEFAULT '[]',
    "checklist" jsonb DEFAULT '[]',
    "pinned" boolean,
    "links" varchar[],
    "task_status_id" uuid,
    "person_id" uuid NOT NULL,
    "editor_id" uuid,
    "preview_file_id" uuid,
    "for_client" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "name" varchar(250),
    "size" bigint DEFAULT 1,
    "extension" varchar(6),
    "mimetype" varchar(255),
    "comment_id" uuid,
    "reply_id" uuid,
    "chat_message_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_attachment_file_comment_id" ON "attachment_file" ("comment_id");
CREATE INDEX "ix_attachment_file_chat_message_id" ON "attachment_file" ("chat_message_id");

-- preview_file: Uploaded review media (picture, movie or other file) for a task revision; tracks processing status, annotations, validation.
CREATE TABLE "preview_file" (
    "id" uuid NOT NULL,
    "name" varchar(250),
    "original_name" varchar(250),
    "revision" integer DEFAULT 1,
    "position" integer DEFAULT 1,
    "extension" varchar(6),
    "description" text,
    "path" varchar(400),
    "source" varchar(40),
    "file_size" bigint DEFAULT 0,
    "status" varchar(255) NOT NULL DEFAULT 'processing' CHECK ("status" IN ('processing', 'ready', 'broken', 'missing')),
    "validation_status" varchar(255) NOT NULL DEFAULT 'neutral' CHECK ("validation_status" IN ('validated', 'rejected', 'neutral')),
    "annotations" jsonb,
    "width" integer DEFAULT 0,
    "height" integer DEFAULT 0,
    "duration" double precision DEFAULT 0,
    "task_id" uuid,
    "person_id" uuid,
    "source_file_id" uuid,
    "shotgun_id" integer,
    "is_movie" boolean DEFAULT false,
    "url" varchar(600),
    "uploaded_movie_url" varchar(600),
    "uploaded_movie_name" varchar(150),
    "data" jsonb,
    "token_in" integer,
    "token_out" integer,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_file_task_id" ON "preview_file" ("task_id");
CREATE INDEX "ix_preview_file_person_id" ON "preview_file" ("person_id");
CREATE INDEX "ix_preview_file_source_file_id" ON "preview_file" ("source_file_id");
CREATE UNIQUE INDEX "preview_file_shotgun_id_key" ON "preview_file" ("shotgun_id");
CREATE UNIQUE INDEX "preview_uc" ON "preview_file" ("name", "task_id", "revision");

-- preview_file_storage_state: 
CREATE TABLE "preview_file_storage_state" (
    "id" uuid NOT NULL,
    "preview_file_id" uuid NOT NULL,
    "bucket" varchar(20) NOT NULL,
    "prefix" varchar(40) NOT NULL,
    "state" varchar(255) NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_preview_file_storage_state_preview_file_id" ON "preview_file_storage_state" ("preview_file_id");
CREATE INDEX "ix_preview_file_storage_state_bucket_prefix_state" ON "preview_file_storage_state" ("bucket", "prefix", "state");
CREATE UNIQUE INDEX "preview_file_storage_state_uc" ON "preview_file_storage_state" ("preview_file_id", "bucket", "prefix");

-- playlist: Review playlist of a production (shots JSON = ordered list of entity/preview refs).
CREATE TABLE "playlist" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "shots" jsonb,
    "project_id" uuid,
    "episode_id" uuid,
    "task_type_id" uuid,
    "for_client" boolean DEFAULT false,
    "for_entity" varchar(10) DEFAULT 'shot',
    "is_for_all" boolean DEFAULT false,
    "created_by" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "token" varchar(64) NOT NULL,
    "playlist_id" uuid NOT NULL,
    "created_by" uuid NOT NULL,
    "expiration_date" timestamp,
    "is_active" boolean NOT NULL DEFAULT true,
    "can_comment" boolean NOT NULL DEFAULT true,
    "password" varchar(255),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_playlist_share_link_token" ON "playlist_share_link" ("token");
CREATE INDEX "ix_playlist_share_link_playlist_id" ON "playlist_share_link" ("playlist_id");
CREATE INDEX "ix_playlist_share_link_created_by" ON "playlist_share_link" ("created_by");
CREATE INDEX "ix_playlist_share_link_playlist_active" ON "playlist_share_link" ("playlist_id", "is_active");

-- build_job: Job building a playlist movie or archive, with status.
CREATE TABLE "build_job" (
    "id" uuid NOT NULL,
    "status" varchar(255) NOT NULL DEFAULT 'running' CHECK ("status" IN ('running', 'failed', 'succeeded')),
    "job_type" varchar(255) NOT NULL DEFAULT 'movie' CHECK ("job_type" IN ('archive', 'movie')),
    "ended_at" timestamp,
    "playlist_id" uuid NOT NULL,
    "message" text,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_build_job_playlist_id" ON "build_job" ("playlist_id");

-- working_file: Versioned work file of a task (revision per name), produced with a software.
CREATE TABLE "working_file" (
    "id" uuid NOT NULL,
    "shotgun_id" integer,
    "name" varchar(250),
    "description" text,
    "comment" text,
    "revision" integer,
    "size" integer,
    "checksum" integer,
    "path" varchar(400),
    "data" jsonb,
    "task_id" uuid,
    "entity_id" uuid,
    "person_id" uuid,
    "software_id" uuid,
    "validation_status" varchar(255) NOT NULL DEFAULT 'neutral',
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "shotgun_id" integer,
    "name" varchar(250) NOT NULL,
    "canceled" boolean NOT NULL DEFAULT false,
    "size" integer,
    "checksum" varchar(32),
    "description" text,
    "comment" text,
    "extension" varchar(10),
    "revision" integer NOT NULL,
    "representation" varchar(20),
    "nb_elements" integer DEFAULT 1,
    "source" varchar(40),
    "path" varchar(400),
    "data" jsonb,
    "file_status_id" uuid NOT NULL,
    "entity_id" uuid,
    "asset_instance_id" uuid,
    "output_type_id" uuid,
    "task_type_id" uuid,
    "person_id" uuid,
    "source_file_id" uuid,
    "temporal_entity_id" uuid,
    "quality" varchar(255),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
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
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "short_name" varchar(20) NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ix_output_type_name" ON "output_type" ("name");

-- file_status: Status of an output file (e.g. the default 'To review').
CREATE TABLE "file_status" (
    "id" uuid NOT NULL,
    "name" varchar(40) NOT NULL,
    "color" varchar(7) NOT NULL,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "file_status_name_key" ON "file_status" ("name");

-- time_spent: Minutes a person spent on a task on a given date (one row per task/person/date).
CREATE TABLE "time_spent" (
    "id" uuid NOT NULL,
    "duration" double precision NOT NULL,
    "date" date NOT NULL,
    "task_id" uuid,
    "person_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_time_spent_task_id" ON "time_spent" ("task_id");
CREATE INDEX "ix_time_spent_person_id" ON "time_spent" ("person_id");
CREATE UNIQUE INDEX "time_spent_uc" ON "time_spent" ("person_id", "task_id", "date");

-- day_off: Absence period of a person (date .. end_date).
CREATE TABLE "day_off" (
    "id" uuid NOT NULL,
    "date" date NOT NULL,
    "end_date" date NOT NULL,
    "description" text,
    "person_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_day_off_person_id" ON "day_off" ("person_id");
CREATE UNIQUE INDEX "day_off_uc" ON "day_off" ("person_id", "date");

-- schedule_item: Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).
CREATE TABLE "schedule_item" (
    "id" uuid NOT NULL,
    "start_date" date,
    "end_date" date,
    "man_days" integer,
    "project_id" uuid,
    "task_type_id" uuid,
    "object_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_schedule_item_project_id" ON "schedule_item" ("project_id");
CREATE INDEX "ix_schedule_item_task_type_id" ON "schedule_item" ("task_type_id");
CREATE INDEX "ix_schedule_item_object_id" ON "schedule_item" ("object_id");
CREATE UNIQUE INDEX "schedule_item_uc" ON "schedule_item" ("project_id", "task_type_id", "object_id");

-- milestone: Named date on a production schedule, optionally per task type.
CREATE TABLE "milestone" (
    "id" uuid NOT NULL,
    "date" date,
    "name" varchar(40) NOT NULL,
    "project_id" uuid,
    "task_type_id" uuid,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_milestone_project_id" ON "milestone" ("project_id");
CREATE INDEX "ix_milestone_task_type_id" ON "milestone" ("task_type_id");

-- production_schedule_version: Named alternative schedule of a production (can be locked/applied).
CREATE TABLE "production_schedule_version" (
    "id" uuid NOT NULL,
    "name" varchar(80) NOT NULL,
    "project_id" uuid NOT NULL,
    "production_schedule_from" uuid,
    "locked" boolean DEFAULT false,
    "canceled" boolean DEFAULT false,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_production_schedule_version_project_id" ON "production_schedule_version" ("project_id");
CREATE INDEX "ix_production_schedule_version_production_schedule_from" ON "production_schedule_version" ("production_schedule_from");
CREATE UNIQUE INDEX "production_schedule_version_uc" ON "production_schedule_version" ("name", "project_id");

-- production_schedule_version_task_link: Per-task dates/estimation inside a schedule version.
CREATE TABLE "production_schedule_version_task_link" (
    "id" uuid NOT NULL,
    "production_schedule_version_id" uuid NOT NULL,
    "task_id" uuid NOT NULL,
    "start_date" timestamp,
    "due_date" timestamp,
    "estimation" double precision DEFAULT 0,
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);
CREATE INDEX "ix_production_schedule_version_task_link_task_id" ON "production_schedule_version_task_link" ("task_id");
CREATE INDEX "ix_production_schedule_version_task_link_production_sch_9cee" ON "production_schedule_version_task_link" ("production_schedule_version_id");
CREATE UNIQUE INDEX "production_schedule_version_task_link_uc" ON "production_schedule_version_task_link" ("production_schedule_version_id", "task_id");

-- data_import_error: Stored error payload from an external import (Shotgun/CSV).
CREATE TABLE "data_import_error" (
    "id" uuid NOT NULL,
    "event_data" jsonb NOT NULL,
    "source" import_source_enum CHECK ("source" IN ('csv', 'shotgun')),
    "created_at" timestamp NOT NULL,
    "updated_at" timestamp NOT NULL,
    PRIMARY KEY ("id")
);

-- asset_instance_link: M2M: which shot (entity) uses which asset instance (instance casting).
CREATE TABLE "asset_instance_link" (
    "entity_id" uuid NOT NULL,
    "asset_instance_id" uuid NOT NULL,
    PRIMARY KEY ("entity_id", "asset_instance_id")
);

-- chat_participant: M2M: people who joined an entity chat.
CREATE TABLE "chat_participant" (
    "chat_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    PRIMARY KEY ("chat_id", "person_id")
);

-- comment_acknoledgments: M2M (plain table): people who acknowledged a comment.
CREATE TABLE "comment_acknoledgments" (
    "comment" uuid NOT NULL,
    "person" uuid NOT NULL,
    PRIMARY KEY ("comment", "person")
);

-- comment_department_mentions: M2M (plain table): departments @mentioned in a comment.
CREATE TABLE "comment_department_mentions" (
    "comment" uuid NOT NULL,
    "department" uuid NOT NULL,
    PRIMARY KEY ("comment", "department")
);

-- comment_mentions: M2M (plain table): people @mentioned in a comment.
CREATE TABLE "comment_mentions" (
    "comment" uuid NOT NULL,
    "person" uuid NOT NULL,
    PRIMARY KEY ("comment", "person")
);

-- comment_preview_link: M2M: previews attached to a comment (a revision's preview files).
CREATE TABLE "comment_preview_link" (
    "comment" uuid NOT NULL,
    "preview_file" uuid NOT NULL,
    PRIMARY KEY ("comment", "preview_file")
);
CREATE INDEX "ix_comment_preview_link_comment" ON "comment_preview_link" ("comment");
CREATE INDEX "ix_comment_preview_link_preview_file" ON "comment_preview_link" ("preview_file");

-- department_link: M2M: person membership in departments.
CREATE TABLE "department_link" (
    "person_id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    PRIMARY KEY ("person_id", "department_id")
);
CREATE INDEX "ix_department_link_person_id" ON "department_link" ("person_id");
CREATE INDEX "ix_department_link_department_id" ON "department_link" ("department_id");
CREATE UNIQUE INDEX "department_link_uc" ON "department_link" ("person_id", "department_id");

-- department_metadata_descriptor_link: M2M: departments allowed to see/edit a metadata descriptor.
CREATE TABLE "department_metadata_descriptor_link" (
    "metadata_descriptor_id" uuid NOT NULL,
    "department_id" uuid NOT NULL,
    PRIMARY KEY ("metadata_descriptor_id", "department_id")
);
CREATE INDEX "ix_department_metadata_descriptor_link_metadata_descriptor_id" ON "department_metadata_descriptor_link" ("metadata_descriptor_id");
CREATE INDEX "ix_department_metadata_descriptor_link_department_id" ON "department_metadata_descriptor_link" ("department_id");
CREATE UNIQUE INDEX "department_metadata_descriptor_link_uc" ON "department_metadata_descriptor_link" ("metadata_descriptor_id", "department_id");

-- production_schedule_version_task_link_person_link: M2M: assignees of a task inside a schedule version.
CREATE TABLE "production_schedule_version_task_link_person_link" (
    "production_schedule_version_task_link_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    PRIMARY KEY ("production_schedule_version_task_link_id", "person_id")
);

-- project_asset_type_link: M2M: asset types enabled on a project.
CREATE TABLE "project_asset_type_link" (
    "project_id" uuid NOT NULL,
    "asset_type_id" uuid NOT NULL,
    PRIMARY KEY ("project_id", "asset_type_id")
);
CREATE INDEX "ix_project_asset_type_link_project_id" ON "project_asset_type_link" ("project_id");
CREATE INDEX "ix_project_asset_type_link_asset_type_id" ON "project_asset_type_link" ("asset_type_id");

-- project_person_link: Project team membership, with optional per-project role override.
CREATE TABLE "project_person_link" (
    "project_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    "shotgun_id" integer,
    "role" varchar(255) CHECK ("role" IN ('user', 'admin', 'supervisor', 'manager', 'client', 'vendor')),
    PRIMARY KEY ("project_id", "person_id")
);
CREATE INDEX "ix_project_person_link_project_id" ON "project_person_link" ("project_id");
CREATE INDEX "ix_project_person_link_person_id" ON "project_person_link" ("person_id");

-- project_preview_background_file_link: M2M: preview backgrounds enabled on a project.
CREATE TABLE "project_preview_background_file_link" (
    "project_id" uuid NOT NULL,
    "preview_background_file_id" uuid NOT NULL,
    PRIMARY KEY ("project_id", "preview_background_file_id")
);
CREATE INDEX "ix_project_preview_background_file_link_project_id" ON "project_preview_background_file_link" ("project_id");
CREATE INDEX "ix_project_preview_background_file_link_preview_backgro_080b" ON "project_preview_background_file_link" ("preview_background_file_id");

-- project_status_automation_link: M2M: status automations enabled on a project.
CREATE TABLE "project_status_automation_link" (
    "project_id" uuid NOT NULL,
    "status_automation_id" uuid NOT NULL,
    PRIMARY KEY ("project_id", "status_automation_id")
);
CREATE INDEX "ix_project_status_automation_link_project_id" ON "project_status_automation_link" ("project_id");
CREATE INDEX "ix_project_status_automation_link_status_automation_id" ON "project_status_automation_link" ("status_automation_id");

-- project_template_asset_type_link: M2M: asset types of a project template.
CREATE TABLE "project_template_asset_type_link" (
    "project_template_id" uuid NOT NULL,
    "asset_type_id" uuid NOT NULL,
    PRIMARY KEY ("project_template_id", "asset_type_id")
);
CREATE INDEX "ix_project_template_asset_type_link_project_template_id" ON "project_template_asset_type_link" ("project_template_id");
CREATE INDEX "ix_project_template_asset_type_link_asset_type_id" ON "project_template_asset_type_link" ("asset_type_id");

-- project_template_preview_background_file_link: M2M: preview backgrounds of a project template.
CREATE TABLE "project_template_preview_background_file_link" (
    "project_template_id" uuid NOT NULL,
    "preview_background_file_id" uuid NOT NULL,
    PRIMARY KEY ("project_template_id", "preview_background_file_id")
);
CREATE INDEX "ix_project_template_preview_background_file_link_previe_393c" ON "project_template_preview_background_file_link" ("preview_background_file_id");
CREATE INDEX "ix_project_template_preview_background_file_link_projec_ab7b" ON "project_template_preview_background_file_link" ("project_template_id");

-- project_template_status_automation_link: M2M: status automations of a project template.
CREATE TABLE "project_template_status_automation_link" (
    "project_template_id" uuid NOT NULL,
    "status_automation_id" uuid NOT NULL,
    PRIMARY KEY ("project_template_id", "status_automation_id")
);
CREATE INDEX "ix_project_template_status_automation_link_project_template_id" ON "project_template_status_automation_link" ("project_template_id");
CREATE INDEX "ix_project_template_status_automation_link_status_automation_id" ON "project_template_status_automation_link" ("status_automation_id");

-- task_person_link: M2M: task assignees.
CREATE TABLE "task_person_link" (
    "task_id" uuid NOT NULL,
    "person_id" uuid NOT NULL,
    PRIMARY KEY ("task_id", "person_id")
);
CREATE INDEX "ix_task_person_link_person_id" ON "task_person_link" ("person_id");

-- task_type_asset_type_link: M2M: task types applicable to an asset type.
CREATE TABLE "task_type_asset_type_link" (
    "asset_type_id" uuid NOT NULL,
    "task_type_id" uuid NOT NULL,
    PRIMARY KEY ("asset_type_id", "task_type_id")
);
CREATE INDEX "ix_task_type_asset_type_link_asset_type_id" ON "task_type_asset_type_link" ("asset_type_id");
CREATE INDEX "ix_task_type_asset_type_link_task_type_id" ON "task_type_asset_type_link" ("task_type_id");
CREATE UNIQUE INDEX "task_type_asset_type_link_uc" ON "task_type_asset_type_link" ("asset_type_id", "task_type_id");

ALTER TABLE "api_event" ADD FOREIGN KEY ("user_id") REFERENCES "person" ("id");
ALTER TABLE "api_event" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "login_log" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "person" ADD FOREIGN KEY ("preview_project_id") REFERENCES "project" ("id");
ALTER TABLE "person" ADD FOREIGN KEY ("studio_id") REFERENCES "studio" ("id");
ALTER TABLE "desktop_login_log" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "software_department_link" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "software_department_link" ADD FOREIGN KEY ("software_id") REFERENCES "software" ("id");
ALTER TABLE "hardware_item_department_link" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "hardware_item_department_link" ADD FOREIGN KEY ("hardware_item_id") REFERENCES "hardware_item" ("id");
ALTER TABLE "notification" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "notification" ADD FOREIGN KEY ("author_id") REFERENCES "person" ("id");
ALTER TABLE "notification" ADD FOREIGN KEY ("comment_id") REFERENCES "comment" ("id");
ALTER TABLE "notification" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "notification" ADD FOREIGN KEY ("playlist_id") REFERENCES "playlist" ("id");
ALTER TABLE "subscription" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "subscription" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "subscription" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "subscription" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "news" ADD FOREIGN KEY ("author_id") REFERENCES "person" ("id");
ALTER TABLE "news" ADD FOREIGN KEY ("comment_id") REFERENCES "comment" ("id");
ALTER TABLE "news" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "news" ADD FOREIGN KEY ("preview_file_id") REFERENCES "preview_file" ("id");
ALTER TABLE "chat_message" ADD FOREIGN KEY ("chat_id") REFERENCES "chat" ("id");
ALTER TABLE "chat_message" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "search_filter" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "search_filter" ADD FOREIGN KEY ("search_filter_group_id") REFERENCES "search_filter_group" ("id");
ALTER TABLE "search_filter" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "search_filter" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "search_filter_group" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "search_filter_group" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "search_filter_group" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "project" ADD FOREIGN KEY ("project_status_id") REFERENCES "project_status" ("id");
ALTER TABLE "project" ADD FOREIGN KEY ("default_preview_background_file_id") REFERENCES "preview_background_file" ("id");
ALTER TABLE "project" ADD FOREIGN KEY ("from_schedule_version_id") REFERENCES "production_schedule_version" ("id") ON DELETE SET NULL;
ALTER TABLE "metadata_descriptor" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "metadata_descriptor" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "budget" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "budget_entry" ADD FOREIGN KEY ("budget_id") REFERENCES "budget" ("id");
ALTER TABLE "budget_entry" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "budget_entry" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "salary_scale" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE CASCADE;
ALTER TABLE "project_task_type_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_task_type_link" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "project_task_status_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_task_status_link" ADD FOREIGN KEY ("task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "project_task_type_software_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE;
ALTER TABLE "project_task_type_software_link" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id") ON DELETE CASCADE;
ALTER TABLE "project_task_type_software_link" ADD FOREIGN KEY ("software_id") REFERENCES "software" ("id") ON DELETE CASCADE;
ALTER TABLE "task_type" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "status_automation" ADD FOREIGN KEY ("in_task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "status_automation" ADD FOREIGN KEY ("in_task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "status_automation" ADD FOREIGN KEY ("out_task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "status_automation" ADD FOREIGN KEY ("out_task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "project_template" ADD FOREIGN KEY ("default_preview_background_file_id") REFERENCES "preview_background_file" ("id");
ALTER TABLE "project_template_task_type_link" ADD FOREIGN KEY ("project_template_id") REFERENCES "project_template" ("id");
ALTER TABLE "project_template_task_type_link" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "project_template_task_status_link" ADD FOREIGN KEY ("project_template_id") REFERENCES "project_template" ("id");
ALTER TABLE "project_template_task_status_link" ADD FOREIGN KEY ("task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("entity_type_id") REFERENCES "entity_type" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("parent_id") REFERENCES "entity" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("source_id") REFERENCES "entity" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("preview_file_id") REFERENCES "preview_file" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("ready_for") REFERENCES "task_type" ("id");
ALTER TABLE "entity" ADD FOREIGN KEY ("created_by") REFERENCES "person" ("id");
ALTER TABLE "entity_link" ADD FOREIGN KEY ("entity_in_id") REFERENCES "entity" ("id");
ALTER TABLE "entity_link" ADD FOREIGN KEY ("entity_out_id") REFERENCES "entity" ("id");
ALTER TABLE "entity_concept_link" ADD FOREIGN KEY ("entity_in_id") REFERENCES "entity" ("id");
ALTER TABLE "entity_concept_link" ADD FOREIGN KEY ("entity_out_id") REFERENCES "entity" ("id");
ALTER TABLE "entity_version" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "entity_version" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "asset_instance" ADD FOREIGN KEY ("asset_id") REFERENCES "entity" ("id");
ALTER TABLE "asset_instance" ADD FOREIGN KEY ("scene_id") REFERENCES "entity" ("id");
ALTER TABLE "asset_instance" ADD FOREIGN KEY ("target_asset_id") REFERENCES "entity" ("id");
ALTER TABLE "asset_instance" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "asset_instance" ADD FOREIGN KEY ("entity_type_id") REFERENCES "entity_type" ("id");
ALTER TABLE "task" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "task" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "task" ADD FOREIGN KEY ("task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "task" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "task" ADD FOREIGN KEY ("assigner_id") REFERENCES "person" ("id");
ALTER TABLE "comment" ADD FOREIGN KEY ("task_status_id") REFERENCES "task_status" ("id");
ALTER TABLE "comment" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "comment" ADD FOREIGN KEY ("editor_id") REFERENCES "person" ("id");
ALTER TABLE "comment" ADD FOREIGN KEY ("preview_file_id") REFERENCES "preview_file" ("id");
ALTER TABLE "attachment_file" ADD FOREIGN KEY ("comment_id") REFERENCES "comment" ("id");
ALTER TABLE "attachment_file" ADD FOREIGN KEY ("chat_message_id") REFERENCES "chat_message" ("id");
ALTER TABLE "preview_file" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "preview_file" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "preview_file" ADD FOREIGN KEY ("source_file_id") REFERENCES "output_file" ("id");
ALTER TABLE "preview_file_storage_state" ADD FOREIGN KEY ("preview_file_id") REFERENCES "preview_file" ("id") ON DELETE CASCADE;
ALTER TABLE "playlist" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "playlist" ADD FOREIGN KEY ("episode_id") REFERENCES "entity" ("id");
ALTER TABLE "playlist" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "playlist" ADD FOREIGN KEY ("created_by") REFERENCES "person" ("id");
ALTER TABLE "playlist_share_link" ADD FOREIGN KEY ("playlist_id") REFERENCES "playlist" ("id");
ALTER TABLE "playlist_share_link" ADD FOREIGN KEY ("created_by") REFERENCES "person" ("id");
ALTER TABLE "build_job" ADD FOREIGN KEY ("playlist_id") REFERENCES "playlist" ("id");
ALTER TABLE "working_file" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "working_file" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "working_file" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "working_file" ADD FOREIGN KEY ("software_id") REFERENCES "software" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("file_status_id") REFERENCES "file_status" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("asset_instance_id") REFERENCES "asset_instance" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("output_type_id") REFERENCES "output_type" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("source_file_id") REFERENCES "working_file" ("id");
ALTER TABLE "output_file" ADD FOREIGN KEY ("temporal_entity_id") REFERENCES "entity" ("id");
ALTER TABLE "time_spent" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "time_spent" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "day_off" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "schedule_item" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "schedule_item" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "milestone" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "milestone" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
ALTER TABLE "production_schedule_version" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE;
ALTER TABLE "production_schedule_version" ADD FOREIGN KEY ("production_schedule_from") REFERENCES "production_schedule_version" ("id") ON DELETE SET NULL;
ALTER TABLE "production_schedule_version_task_link" ADD FOREIGN KEY ("production_schedule_version_id") REFERENCES "production_schedule_version" ("id") ON DELETE CASCADE;
ALTER TABLE "production_schedule_version_task_link" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE;
ALTER TABLE "asset_instance_link" ADD FOREIGN KEY ("entity_id") REFERENCES "entity" ("id");
ALTER TABLE "asset_instance_link" ADD FOREIGN KEY ("asset_instance_id") REFERENCES "asset_instance" ("id");
ALTER TABLE "chat_participant" ADD FOREIGN KEY ("chat_id") REFERENCES "chat" ("id");
ALTER TABLE "chat_participant" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "comment_acknoledgments" ADD FOREIGN KEY ("comment") REFERENCES "comment" ("id");
ALTER TABLE "comment_acknoledgments" ADD FOREIGN KEY ("person") REFERENCES "person" ("id");
ALTER TABLE "comment_department_mentions" ADD FOREIGN KEY ("comment") REFERENCES "comment" ("id");
ALTER TABLE "comment_department_mentions" ADD FOREIGN KEY ("department") REFERENCES "department" ("id");
ALTER TABLE "comment_mentions" ADD FOREIGN KEY ("comment") REFERENCES "comment" ("id");
ALTER TABLE "comment_mentions" ADD FOREIGN KEY ("person") REFERENCES "person" ("id");
ALTER TABLE "comment_preview_link" ADD FOREIGN KEY ("comment") REFERENCES "comment" ("id");
ALTER TABLE "comment_preview_link" ADD FOREIGN KEY ("preview_file") REFERENCES "preview_file" ("id");
ALTER TABLE "department_link" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "department_link" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "department_metadata_descriptor_link" ADD FOREIGN KEY ("metadata_descriptor_id") REFERENCES "metadata_descriptor" ("id");
ALTER TABLE "department_metadata_descriptor_link" ADD FOREIGN KEY ("department_id") REFERENCES "department" ("id");
ALTER TABLE "production_schedule_version_task_link_person_link" ADD FOREIGN KEY ("production_schedule_version_task_link_id") REFERENCES "production_schedule_version_task_link" ("id") ON DELETE CASCADE;
ALTER TABLE "production_schedule_version_task_link_person_link" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE;
ALTER TABLE "project_asset_type_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_asset_type_link" ADD FOREIGN KEY ("asset_type_id") REFERENCES "entity_type" ("id");
ALTER TABLE "project_person_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_person_link" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "project_preview_background_file_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_preview_background_file_link" ADD FOREIGN KEY ("preview_background_file_id") REFERENCES "preview_background_file" ("id");
ALTER TABLE "project_status_automation_link" ADD FOREIGN KEY ("project_id") REFERENCES "project" ("id");
ALTER TABLE "project_status_automation_link" ADD FOREIGN KEY ("status_automation_id") REFERENCES "status_automation" ("id");
ALTER TABLE "project_template_asset_type_link" ADD FOREIGN KEY ("project_template_id") REFERENCES "project_template" ("id");
ALTER TABLE "project_template_asset_type_link" ADD FOREIGN KEY ("asset_type_id") REFERENCES "entity_type" ("id");
ALTER TABLE "project_template_preview_background_file_link" ADD FOREIGN KEY ("project_template_id") REFERENCES "project_template" ("id");
ALTER TABLE "project_template_preview_background_file_link" ADD FOREIGN KEY ("preview_background_file_id") REFERENCES "preview_background_file" ("id");
ALTER TABLE "project_template_status_automation_link" ADD FOREIGN KEY ("project_template_id") REFERENCES "project_template" ("id");
ALTER TABLE "project_template_status_automation_link" ADD FOREIGN KEY ("status_automation_id") REFERENCES "status_automation" ("id");
ALTER TABLE "task_person_link" ADD FOREIGN KEY ("task_id") REFERENCES "task" ("id");
ALTER TABLE "task_person_link" ADD FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "task_type_asset_type_link" ADD FOREIGN KEY ("asset_type_id") REFERENCES "entity_type" ("id");
ALTER TABLE "task_type_asset_type_link" ADD FOREIGN KEY ("task_type_id") REFERENCES "task_type" ("id");
