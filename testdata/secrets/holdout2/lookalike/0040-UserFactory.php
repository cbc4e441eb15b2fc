public function definition(): array
{
    return [
        'name' => fake()->name(),
        'password' => static::$password ??= Hash::make('password'),
    ];
}
