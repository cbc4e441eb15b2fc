//! JUnit XML: one test case per policy; FAIL and BLOCKED are failures, SKIPPED and N/A are
//! skipped, WARN passes with its reason in the test's output.

use gatehouse_model::{Report, Status};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use crate::RenderError;

pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut suite = TestSuite::new("gatehouse policies");
    for policy in &report.policies {
        let reason = policy.reason.clone().unwrap_or_default();
        let mut status = match policy.status {
            Status::Pass | Status::Warn => TestCaseStatus::success(),
            Status::Fail | Status::Blocked => TestCaseStatus::non_success(NonSuccessKind::Failure),
            Status::Skipped | Status::NotApplicable => TestCaseStatus::skipped(),
        };
        if !matches!(policy.status, Status::Pass | Status::Warn) {
            status.set_message(format!("{}: {reason}", policy.status));
            status.set_type(policy.status.as_str());
        }
        if matches!(policy.status, Status::Fail | Status::Blocked) {
            let details: Vec<String> = report
                .open_findings()
                .filter(|f| f.policies.contains(&policy.id))
                .map(|f| {
                    format!(
                        "{} {} {}:{} {}",
                        f.severity, f.rule_id, f.location.path, f.location.start_line, f.snippet
                    )
                })
                .collect();
            status.set_description(details.join("\n"));
        }
        let mut case = TestCase::new(format!("{} {}", policy.id, policy.title), status);
        case.set_classname("gatehouse.policies");
        let mut out = Vec::new();
        if policy.status == Status::Warn {
            out.push(format!("WARN: {reason}"));
        }
        out.extend(policy.evidence.iter().cloned());
        if !out.is_empty() {
            case.set_system_out(out.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut junit = quick_junit::Report::new("gatehouse");
    junit.add_test_suite(suite);
    junit
        .to_string()
        .map_err(|e| RenderError::Junit(e.to_string()))
}
