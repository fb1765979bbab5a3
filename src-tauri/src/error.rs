//! The one error type commands return. It crosses IPC as `{code, message}`; the UI branches on
//! `code` (a closed set, generated into TypeScript), never on `message`.

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
    InvalidBudget,
    NothingToContinue,
    InvalidBaseUrl,
    InvalidEndpoint,
    InvalidApiKey,
    KeychainUnavailable,
    Keychain,
}

/// Either an app-level code or a provider code (for model listing).
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
}

impl AppError {
    pub fn app(code: AppCode, message: impl Into<String>) -> Self {
        Self {
            code: AppErrorCode::App(code),
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NewerVersion { .. } => AppCode::DatabaseTooNew,
            StoreError::Corrupt { .. } => AppCode::DatabaseCorrupt,
            StoreError::NotFound(..) => AppCode::NotFound,
            StoreError::Invalid(_) => AppCode::InvalidInput,
            StoreError::NoDataDir | StoreError::CreateDir { .. } => AppCode::DataDir,
            StoreError::Sqlite(_) => AppCode::Database,
        };
        Self::app(code, e.to_string())
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Store(s) => s.into(),
            EngineError::EmptyPrompt => Self::app(AppCode::EmptyPrompt, "Type a prompt first."),
            EngineError::NoTargets => Self::app(AppCode::NoTargets, "Pick at least one model."),
            e @ EngineError::TooManySlots(_) => Self::app(AppCode::TooManySlots, e.to_string()),
            e @ EngineError::MissingVariable { .. } => {
                Self::app(AppCode::MissingVariable, e.to_string())
            }
            e @ EngineError::OverBudget(_) => Self::app(AppCode::OverBudget, e.to_string()),
            e @ EngineError::BudgetUnknownCost(_) => {
                Self::app(AppCode::BudgetUnknownCost, e.to_string())
            }
            e @ EngineError::NothingToContinue => {
                Self::app(AppCode::NothingToContinue, e.to_string())
            }
        }
    }
}

impl From<LlmError> for AppError {
    fn from(e: LlmError) -> Self {
        Self {
            code: AppErrorCode::Provider(e.code),
            message: e.message,
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
