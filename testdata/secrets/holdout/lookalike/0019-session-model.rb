RSpec.describe Session do
  let(:user) { create(:user, password: "password123") }

  it { expect(described_class.new(user.email, "password123")).to be_valid }
end
