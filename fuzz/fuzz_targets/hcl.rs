//! Terraform: the HCL parser, then the evaluation of the file as a root module and as a local
//! module called with an argument (variables, locals, templates, functions, nested calls).
#![no_main]
use gatehouse_facts::terraform;
use libfuzzer_sys::fuzz_target;

const CALLER: &str = "module \"m\" {\n  source = \"./m\"\n  public = true\n  name   = \"x\"\n}\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = terraform::parse("main.tf", text) else {
        return;
    };
    let _ = terraform::evaluate(&[file]);
    let (Ok(caller), Ok(module)) = (
        terraform::parse("root.tf", CALLER),
        terraform::parse("m/main.tf", text),
    ) else {
        return;
    };
    let _ = terraform::evaluate(&[caller, module]);
});
