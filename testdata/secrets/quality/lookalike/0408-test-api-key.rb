RSpec.describe ApiClient do
  let(:api_key) { "test-api-key" }
  subject { described_class.new(api_key) }
end
