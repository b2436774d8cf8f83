/* Unit tests of the per-world sealing secret, in test_seal.c: one TEST_ENTRY(name) a line. */
TEST_ENTRY(seal_A57_resealed_under_guessed_keys_refused)
TEST_ENTRY(seal_A57_blob_from_another_world_refused)
TEST_ENTRY(seal_seeded_worlds_repeat_their_bytes)
