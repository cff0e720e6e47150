"""The newsroom's roles, as data: which Django and Wagtail permissions each group holds.

Applied by the editorial app's data migration, and readable by tests and docs.
"""

WRITERS, EDITORS, MODERATORS, ADMINISTRATORS = "Writers", "Editors", "Moderators", "Administrators"

# Page permissions granted on the tree's root, so they hold on every page.
# Writers hold "add" alone: Wagtail then lets them edit the pages they own (their own
# drafts, and their own articles once published, as new drafts to submit) and delete
# their own pages while no version of them is live; another writer's draft is closed
# to them. "change" would open every page to edit, and to delete while not live.
PAGE_PERMISSIONS = {
    WRITERS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    MODERATORS: [],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}

# Image and document permissions granted on the root collection.
COLLECTION_PERMISSIONS = {
    WRITERS: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITORS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    MODERATORS: [],
    ADMINISTRATORS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}

# Model permissions, as (app label, codename). Administrators get every permission.
MODEL_PERMISSIONS = {
    WRITERS: [("wagtailadmin", "access_admin"), ("news", "view_author")],
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("news", "add_author"),
        ("news", "change_author"),
        ("news", "view_author"),
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "delete_comment"),
    ],
    MODERATORS: [
        ("wagtailadmin", "access_admin"),
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "delete_comment"),
    ],
}

REVIEW_WORKFLOW = "Editorial review"
REVIEW_TASK = "Editor review"

# Readers' data (Settings → Readers' data: export and erase every comment, name and e-mail
# a reader sent) is personal data, so the fewest people hold it: Administrators only.
# Editors and Moderators work the comment queue but cannot export or erase a reader.
READER_DATA_PERMISSION = ("comments", "manage_reader_data")
READER_DATA_GROUPS = [ADMINISTRATORS]

# Newsletters: Editors and Administrators define lists, see subscribers and send; Writers
# prepare articles but cannot send; Moderators see none of it.
NEWSLETTER_PERMISSIONS = {
    EDITORS: [
        "add_newsletter",
        "change_newsletter",
        "view_newsletter",
        "view_subscriber",
        "send_newsletter",
    ],
    ADMINISTRATORS: [
        "add_newsletter",
        "change_newsletter",
        "delete_newsletter",
        "view_newsletter",
        "add_subscriber",
        "change_subscriber",
        "delete_subscriber",
        "view_subscriber",
        "send_newsletter",
    ],
}
