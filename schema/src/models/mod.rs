//! One file per Zou table: the description from which every layer is generated.
//!
//! Adding a table: write `<table>.rs` with its `#[model]` description, add it
//! to its area below, and add its migration.

pub mod prelude;

tables! {
    // Tables with their own GraphQL object, queries and mutations, by area
    // (`../shared/reference/areas.tsv`).
    models: {
        // 01 auth, platform and the event log
        platform(PlatformQuery, PlatformMutation): [
            api_event: ApiEvent,
            login_log: LoginLog,
            stored_file: StoredFile,
        ],
        // 02 people, studio directories
        people(PeopleQuery, PeopleMutation): [
            person: Person,
            department: Department,
            studio: Studio,
            organisation: Organisation,
            software: Software,
            hardware_item: HardwareItem,
            plugin: Plugin,
            desktop_login_log: DesktopLoginLog,
            software_department_link: SoftwareDepartmentLink,
            hardware_item_department_link: HardwareItemDepartmentLink,
        ],
        // 03 user workspace, notifications, news, chat, search
        workspace(WorkspaceQuery, WorkspaceMutation): [
            notification: Notification,
            subscription: Subscription,
            news: News,
            chat: Chat,
            chat_message: ChatMessage,
            search_filter: SearchFilter,
            search_filter_group: SearchFilterGroup,
        ],
        // 04 projects, team, settings, budgets
        projects(ProjectsQuery, ProjectsMutation): [
            project: Project,
            project_status: ProjectStatus,
            entity_type: EntityType,
            metadata_descriptor: MetadataDescriptor,
            budget: Budget,
            budget_entry: BudgetEntry,
            salary_scale: SalaryScale,
            project_task_type_link: ProjectTaskTypeLink,
            project_task_status_link: ProjectTaskStatusLink,
            project_task_type_software_link: ProjectTaskTypeSoftwareLink,
        ],
        // 05 studio catalogs and project templates
        catalogs(CatalogsQuery, CatalogsMutation): [
            task_type: TaskType,
            task_status: TaskStatus,
            status_automation: StatusAutomation,
            custom_action: CustomAction,
            preview_background_file: PreviewBackgroundFile,
            project_template: ProjectTemplate,
            project_template_task_type_link: ProjectTemplateTaskTypeLink,
            project_template_task_status_link: ProjectTemplateTaskStatusLink,
        ],
        // 06-07 assets, shots and the breakdown
        breakdown(BreakdownQuery, BreakdownMutation): [
            entity: Entity,
            entity_link: EntityLink,
            entity_concept_link: EntityConceptLink,
            entity_version: EntityVersion,
            asset_instance: AssetInstance,
        ],
        // 08 tasks and comments
        tasks(TasksQuery, TasksMutation): [
            task: Task,
            comment: Comment,
            attachment_file: AttachmentFile,
        ],
        // 09 previews, playlists, review
        review(ReviewQuery, ReviewMutation): [
            preview_file: PreviewFile,
            preview_file_storage_state: PreviewFileStorageState,
            playlist: Playlist,
            playlist_share_link: PlaylistShareLink,
            build_job: BuildJob,
        ],
        // 10 files and pipeline
        files(FilesQuery, FilesMutation): [
            working_file: WorkingFile,
            output_file: OutputFile,
            output_type: OutputType,
            file_status: FileStatus,
        ],
        // 11 time, schedules
        planning(PlanningQuery, PlanningMutation): [
            time_spent: TimeSpent,
            day_off: DayOff,
            schedule_item: ScheduleItem,
            milestone: Milestone,
            production_schedule_version: ProductionScheduleVersion,
            production_schedule_version_task_link: ProductionScheduleVersionTaskLink,
        ],
        // 12 import and export
        exchange(ExchangeQuery, ExchangeMutation): [
            data_import_error: DataImportError,
        ],
    },
    // Pure link tables (many-to-many), reached through relations.
    links: [
        asset_instance_link: AssetInstanceLink,
        chat_participant: ChatParticipant,
        comment_acknoledgments: CommentAcknoledgments,
        comment_department_mentions: CommentDepartmentMentions,
        comment_mentions: CommentMentions,
        comment_preview_link: CommentPreviewLink,
        department_link: DepartmentLink,
        department_metadata_descriptor_link: DepartmentMetadataDescriptorLink,
        production_schedule_version_task_link_person_link: ProductionScheduleVersionTaskLinkPersonLink,
        project_asset_type_link: ProjectAssetTypeLink,
        project_person_link: ProjectPersonLink,
        project_preview_background_file_link: ProjectPreviewBackgroundFileLink,
        project_status_automation_link: ProjectStatusAutomationLink,
        project_template_asset_type_link: ProjectTemplateAssetTypeLink,
        project_template_preview_background_file_link: ProjectTemplatePreviewBackgroundFileLink,
        project_template_status_automation_link: ProjectTemplateStatusAutomationLink,
        task_person_link: TaskPersonLink,
        task_type_asset_type_link: TaskTypeAssetTypeLink,
    ],
}
