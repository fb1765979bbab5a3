//! The one error both front ends report. It crosses IPC as `{code, message, field?}`; the UI
//! and the CLI branch on `code` (a closed set, generated into TypeScript), never on `message`.

use parallax_engine::EngineError;
use parallax_llm::key::KeychainError;
use parallax_llm::{ErrorCode, LlmError};
use parallax_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppCode {
    DatabaseTooNew,
    DatabaseCorrupt,
    /// The database opened but a page of it is damaged: `db check` / `db recover`.
    DatabaseDamaged,
    /// The disk holding the history is full: nothing was half-written.
    DiskFull,
    /// The history's file or folder is read-only.
    ReadOnly,
    Database,
    DataDir,
    NotFound,
    InvalidInput,
    EmptyPrompt,
    NoTargets,
    TooManySlots,
    MissingVariable,
    OverBudget,
    /// A spending cap is set but some target has no known price: the UI offers "Send anyway".
    BudgetUnknownCost,
    NothingToContinue,
    /// A setting's value was refused; `field` names the setting.
    InvalidSetting,
    /// No setting has this key.
    UnknownSetting,
    /// Neither a built-in provider nor a saved custom endpoint.
    UnknownProvider,
    InvalidBaseUrl,
    InvalidEndpoint,
    InvalidApiKey,
    KeychainUnavailable,
    Keychain,
    /// The judge model failed, or its verdict could not be read (nothing was voted).
    JudgeFailed,
    /// An attached file cannot be sent (missing, too large, not a kind models read); the
    /// message names it and `field` is `attachments`.
    InvalidAttachment,
}

/// Either an app-level code or a provider code (model listing, a connection test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum AppErrorCode {
    App(AppCode),
    Provider(ErrorCode),
}

#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: AppErrorCode,
    pub message: String,
    /// The field the refusal belongs to (a setting's key, `api_key`, `base_url`, `name`), so the
    /// app shows the message next to it.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    pub fn app(code: AppCode, message: impl Into<String>) -> Self {
        Self {
            code: AppErrorCode::App(code),
            message: message.into(),
            field: None,
        }
    }

    /// The same error, said about `field`.
    pub fn on(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Whether the person can fix it by changing what they asked — an argument, a model, a
    /// budget (the CLI's exit code 2) — as opposed to a failure of the machine, the database or
    /// a provider (1).
    pub fn is_input(&self) -> bool {
        matches!(
            self.code,
            AppErrorCode::App(
                AppCode::NotFound
                    | AppCode::InvalidInput
                    | AppCode::EmptyPrompt
                    | AppCode::NoTargets
                    | AppCode::TooManySlots
                    | AppCode::MissingVariable
                    | AppCode::OverBudget
                    | AppCode::BudgetUnknownCost
                    | AppCode::NothingToContinue
                    | AppCode::InvalidSetting
                    | AppCode::UnknownSetting
                    | AppCode::UnknownProvider
                    | AppCode::InvalidBaseUrl
                    | AppCode::InvalidEndpoint
                    | AppCode::InvalidApiKey
                    | AppCode::InvalidAttachment
            )
        )
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NewerVersion { .. } => AppCode::DatabaseTooNew,
            StoreError::Corrupt { .. } => AppCode::DatabaseCorrupt,
            StoreError::Damaged { .. } => AppCode::DatabaseDamaged,
            StoreError::Full { .. } => AppCode::DiskFull,
            StoreError::ReadOnly { .. } => AppCode::ReadOnly,
            StoreError::NotFound(..) => AppCode::NotFound,
            StoreError::Invalid(_) => AppCode::InvalidInput,
            StoreError::NoDataDir | StoreError::CreateDir { .. } | StoreError::Vanished { .. } => {
                AppCode::DataDir
            }
            StoreError::Sqlite(_) => AppCode::Database,
        };
        Self::app(code, e.to_string())
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        let code = match &e {
            EngineError::Store(_) => {
                let EngineError::Store(s) = e else {
                    unreachable!()
                };
                return s.into();
            }
            EngineError::EmptyPrompt => AppCode::EmptyPrompt,
            EngineError::NoTargets => AppCode::NoTargets,
            EngineError::TooManySlots(_) => AppCode::TooManySlots,
            EngineError::MissingVariable { .. } => AppCode::MissingVariable,
            EngineError::OverBudget(_) => AppCode::OverBudget,
            EngineError::BudgetUnknownCost(_) => AppCode::BudgetUnknownCost,
            EngineError::NothingToContinue => AppCode::NothingToContinue,
            EngineError::InvalidTarget { .. } => {
                return AppError::app(AppCode::InvalidInput, e.to_string()).on("targets")
            }
            EngineError::PromptTooLong(_) => {
                return AppError::app(AppCode::InvalidInput, e.to_string()).on("prompt")
            }
            EngineError::Attachment(_) => {
                return AppError::app(AppCode::InvalidAttachment, e.to_string()).on("attachments")
            }
        };
        Self::app(code, e.to_string())
    }
}

impl From<parallax_llm::AttachmentError> for AppError {
    fn from(e: parallax_llm::AttachmentError) -> Self {
        AppError::app(AppCode::InvalidAttachment, e.to_string()).on("attachments")
    }
}

impl From<LlmError> for AppError {
    fn from(e: LlmError) -> Self {
        Self {
            code: AppErrorCode::Provider(e.code),
            message: e.message,
            field: None,
        }
    }
}

impl From<KeychainError> for AppError {
    fn from(e: KeychainError) -> Self {
        let code = match e {
            KeychainError::Unavailable(_) => AppCode::KeychainUnavailable,
            KeychainError::Failed(_) => AppCode::Keychain,
        };
        Self::app(code, e.to_string())
    }
}
