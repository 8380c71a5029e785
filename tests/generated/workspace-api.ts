// Generated from the workspace API's OpenAPI document by openapi-typescript: tests/integration/openapi.test.ts.
export interface paths {
    "/api/v1/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postMePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getUsers"];
        put?: never;
        post: operations["postUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["patchUsersByUsername"];
        trace?: never;
    };
    "/api/v1/users/{username}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postUsersByUsernamePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCallsByCallId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCallsByCallIdAudio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postAssignments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postCallsByCallIdReviews"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{callId}/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postCallsByCallIdAppeals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getAppeals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/appeals/{appealId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postAppealsByAppealIdDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calibrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCalibrations"];
        put?: never;
        post: operations["postCalibrations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calibrations/{calibrationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCalibrationsByCalibrationId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calibrations/{calibrationId}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postCalibrationsByCalibrationIdReviews"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dashboards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getDashboards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dashboards/{panel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getDashboardsByPanel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settlements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSettlementsByMonth"];
        put?: never;
        post: operations["postSettlementsByMonth"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settlements/{month}/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSettlementsByMonthByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settlements/{month}/{version}/sign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["postSettlementsByMonthByVersionSign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settlements/{month}/{version}/print": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSettlementsByMonthByVersionPrint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settlements/{month}/{version}/export.{format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSettlementsByMonthByVersionExportByFormat"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        user: {
                            username: string;
                            displayName: string;
                            /** @enum {string} */
                            role: "agent" | "inspector" | "supervisor" | "admin";
                            agentId: string | null;
                            mustChangePassword: boolean;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        displayName: string;
                        /** @enum {string} */
                        role: "agent" | "inspector" | "supervisor" | "admin";
                        agentId: string | null;
                        mustChangePassword: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postMePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current: string;
                    next: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        user: {
                            username: string;
                            displayName: string;
                            /** @enum {string} */
                            role: "agent" | "inspector" | "supervisor" | "admin";
                            agentId: string | null;
                            mustChangePassword: boolean;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: {
                            username: string;
                            displayName: string;
                            /** @enum {string} */
                            role: "agent" | "inspector" | "supervisor" | "admin";
                            agentId: string | null;
                            mustChangePassword: boolean;
                            disabled: boolean;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    displayName: string;
                    /** @enum {string} */
                    role: "agent" | "inspector" | "supervisor" | "admin";
                    agentId?: string;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        displayName: string;
                        /** @enum {string} */
                        role: "agent" | "inspector" | "supervisor" | "admin";
                        agentId: string | null;
                        mustChangePassword: boolean;
                        oneTimePassword?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    patchUsersByUsername: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    /** @enum {string} */
                    role?: "agent" | "inspector" | "supervisor" | "admin";
                    agentId?: string | null;
                    disabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        displayName: string;
                        /** @enum {string} */
                        role: "agent" | "inspector" | "supervisor" | "admin";
                        agentId: string | null;
                        mustChangePassword: boolean;
                        disabled: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postUsersByUsernamePassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        oneTimePassword: string;
                        expiresAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getAudit: {
        parameters: {
            query?: {
                target?: string;
                actor?: string;
                action?: string;
                from?: string;
                to?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        entries: {
                            at: string;
                            actor: string;
                            action: string;
                            target: string;
                            before: string;
                            after: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCalls: {
        parameters: {
            query?: {
                view?: "queue" | "all";
                status?: "pending" | "reviewed";
                agentId?: string;
                teamId?: string;
                ruleId?: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                assignee?: string;
                reason?: "fatal" | "failed" | "sample" | "pass";
                from?: string;
                to?: string;
                minScore?: number;
                maxScore?: number;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        calls: {
                            callId: string;
                            agentId: string;
                            agentName: string;
                            teamId: string;
                            startedAt: string;
                            score: number;
                            fatal: boolean;
                            failedRules: string[];
                            /** @enum {string} */
                            reason: "fatal" | "failed" | "sample" | "pass";
                            customerNumber: string | null;
                            reviewedScore: number | null;
                            reviewer: string | null;
                            assignee: string | null;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCallsByCallId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        call: {
                            callId: string;
                            hotline: string;
                            agentId: string;
                            agentName: string;
                            teamId: string;
                            direction: string;
                            startedAt: string;
                            ringSeconds: number | null;
                            durationSeconds: number;
                            hangupBy: string | null;
                            customerNumber: string | null;
                        };
                        audioUrl: string | null;
                        utterances: {
                            idx: number;
                            speaker: string;
                            startMs: number;
                            endMs: number;
                            text: string;
                        }[];
                        scorecard: {
                            callId: string;
                            ruleset: {
                                id: string;
                                version: number;
                            };
                            score: number;
                            fatal: boolean;
                            results: {
                                /** @enum {string} */
                                ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                                /** @enum {string} */
                                outcome: "pass" | "fail" | "na";
                                deduction: number;
                                /** @enum {string} */
                                severity?: "minor" | "major" | "fatal";
                                evidence: {
                                    startMs?: number;
                                    endMs?: number;
                                    /** @enum {string} */
                                    speaker?: "agent" | "customer" | "unknown";
                                    text?: string;
                                    note: string;
                                    match?: {
                                        phrase: string;
                                        heard: string;
                                        /** @enum {string} */
                                        by: "text" | "same-sound" | "near-sound";
                                    };
                                }[];
                            }[];
                            metrics: {
                                agentCharsPerMinute: number | null;
                                overtalkCount: number | null;
                                overtalkMs?: number | null;
                                longestAgentSilenceMs: number | null;
                                talkRatio?: number | null;
                                agentTalkMs?: number;
                                customerTalkMs?: number;
                            };
                            /** Format: date-time */
                            scoredAt: string;
                            agentId?: string;
                            teamId?: string;
                            /** Format: date-time */
                            startedAt?: string;
                        } | null;
                        reviews: {
                            callId: string;
                            /** @enum {string} */
                            kind: "qa" | "calibration";
                            calibrationId: string;
                            reviewer: string;
                            rulesetId: string;
                            rulesetVersion: number;
                            agentId: string;
                            teamId: string;
                            startedAt: string;
                            machineScore: number;
                            reviewedScore: number;
                            fatal: boolean;
                            comment: string;
                            reviewedAt: string;
                            added: {
                                ruleId: string;
                                deduction: number;
                                fatal: boolean;
                                startMs: number;
                                endMs: number;
                                quote: string;
                                comment: string;
                            }[];
                            decisions: {
                                ruleId: string;
                                /** @enum {string} */
                                verdict: "confirmed" | "overturned";
                                deduction: number;
                                comment: string;
                                machineDeduction?: number;
                            }[];
                        }[];
                        appeals: {
                            appealId: string;
                            callId: string;
                            ruleId: string;
                            agentId: string;
                            teamId: string;
                            startedAt: string;
                            reviewer: string;
                            reason: string;
                            filedBy: string;
                            filedAt: string;
                            /** @enum {string} */
                            status: "open" | "upheld" | "rejected";
                            decidedBy: string;
                            decisionComment: string;
                            decidedAt: string | null;
                        }[];
                        outcome: {
                            /** @enum {string} */
                            status: "machine" | "reviewed" | "under-appeal" | "appealed";
                            score: number;
                            fatal: boolean;
                            rules: {
                                ruleId: string;
                                /** @enum {string} */
                                source: "machine" | "inspector";
                                /** @enum {string|null} */
                                verdict: "confirmed" | "overturned" | null;
                                /** @enum {string|null} */
                                appeal: "open" | "upheld" | "rejected" | null;
                                counts: boolean;
                                deduction: number;
                                machineDeduction?: number;
                                fatal: boolean;
                                comment: string;
                            }[];
                        } | null;
                        history: {
                            at: string;
                            actor: string;
                            action: string;
                            before: string;
                            after: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCallsByCallIdAudio: {
        parameters: {
            query?: {
                exp?: number;
                sig?: string;
            };
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file itself, in its own media type (audio, HTML, CSV or XLSX) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postAssignments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    callIds: string[];
                    inspector: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assigned: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postCallsByCallIdReviews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rulesetId: string;
                    rulesetVersion: number;
                    decisions: {
                        /** @enum {string} */
                        ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                        /** @enum {string} */
                        verdict: "confirmed" | "overturned";
                        deduction?: number;
                        /** @default  */
                        comment?: string;
                    }[];
                    /** @default [] */
                    added?: {
                        /** @enum {string} */
                        ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                        deduction: number;
                        /** @default false */
                        fatal?: boolean;
                        startMs: number;
                        endMs: number;
                        /** @default  */
                        quote?: string;
                        comment: string;
                    }[];
                    /** @default  */
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        callId: string;
                        /** @enum {string} */
                        kind: "qa" | "calibration";
                        calibrationId: string;
                        reviewer: string;
                        rulesetId: string;
                        rulesetVersion: number;
                        agentId: string;
                        teamId: string;
                        startedAt: string;
                        machineScore: number;
                        reviewedScore: number;
                        fatal: boolean;
                        comment: string;
                        reviewedAt: string;
                        added: {
                            ruleId: string;
                            deduction: number;
                            fatal: boolean;
                            startMs: number;
                            endMs: number;
                            quote: string;
                            comment: string;
                        }[];
                        decisions: {
                            ruleId: string;
                            /** @enum {string} */
                            verdict: "confirmed" | "overturned";
                            deduction: number;
                            comment: string;
                            machineDeduction?: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postCallsByCallIdAppeals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appealId: string;
                        callId: string;
                        ruleId: string;
                        agentId: string;
                        teamId: string;
                        startedAt: string;
                        reviewer: string;
                        reason: string;
                        filedBy: string;
                        filedAt: string;
                        /** @enum {string} */
                        status: "open" | "upheld" | "rejected";
                        decidedBy: string;
                        decisionComment: string;
                        decidedAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getAppeals: {
        parameters: {
            query?: {
                status?: "open" | "upheld" | "rejected";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appeals: {
                            appealId: string;
                            callId: string;
                            ruleId: string;
                            agentId: string;
                            teamId: string;
                            startedAt: string;
                            reviewer: string;
                            reason: string;
                            filedBy: string;
                            filedAt: string;
                            /** @enum {string} */
                            status: "open" | "upheld" | "rejected";
                            decidedBy: string;
                            decisionComment: string;
                            decidedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postAppealsByAppealIdDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appealId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "upheld" | "rejected";
                    comment: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        appealId: string;
                        callId: string;
                        ruleId: string;
                        agentId: string;
                        teamId: string;
                        startedAt: string;
                        reviewer: string;
                        reason: string;
                        filedBy: string;
                        filedAt: string;
                        /** @enum {string} */
                        status: "open" | "upheld" | "rejected";
                        decidedBy: string;
                        decisionComment: string;
                        decidedAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCalibrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        calibrations: {
                            calibrationId: string;
                            callId: string;
                            title: string;
                            inspectors: string[];
                            createdBy: string;
                            createdAt: string;
                            submitted: string[];
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postCalibrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    callId: string;
                    title: string;
                    inspectors: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        calibrationId: string;
                        callId: string;
                        title: string;
                        inspectors: string[];
                        createdBy: string;
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCalibrationsByCalibrationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                calibrationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        calibration: {
                            calibrationId: string;
                            callId: string;
                            title: string;
                            inspectors: string[];
                            createdBy: string;
                            createdAt: string;
                            submitted: string[];
                        };
                        call: {
                            callId: string;
                            hotline: string;
                            agentId: string;
                            agentName: string;
                            teamId: string;
                            direction: string;
                            startedAt: string;
                            ringSeconds: number | null;
                            durationSeconds: number;
                            hangupBy: string | null;
                            customerNumber: string | null;
                        };
                        audioUrl: string | null;
                        utterances: {
                            idx: number;
                            speaker: string;
                            startMs: number;
                            endMs: number;
                            text: string;
                        }[];
                        scorecard: {
                            callId: string;
                            ruleset: {
                                id: string;
                                version: number;
                            };
                            score: number;
                            fatal: boolean;
                            results: {
                                /** @enum {string} */
                                ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                                /** @enum {string} */
                                outcome: "pass" | "fail" | "na";
                                deduction: number;
                                /** @enum {string} */
                                severity?: "minor" | "major" | "fatal";
                                evidence: {
                                    startMs?: number;
                                    endMs?: number;
                                    /** @enum {string} */
                                    speaker?: "agent" | "customer" | "unknown";
                                    text?: string;
                                    note: string;
                                    match?: {
                                        phrase: string;
                                        heard: string;
                                        /** @enum {string} */
                                        by: "text" | "same-sound" | "near-sound";
                                    };
                                }[];
                            }[];
                            metrics: {
                                agentCharsPerMinute: number | null;
                                overtalkCount: number | null;
                                overtalkMs?: number | null;
                                longestAgentSilenceMs: number | null;
                                talkRatio?: number | null;
                                agentTalkMs?: number;
                                customerTalkMs?: number;
                            };
                            /** Format: date-time */
                            scoredAt: string;
                            agentId?: string;
                            teamId?: string;
                            /** Format: date-time */
                            startedAt?: string;
                        } | null;
                        myReview: {
                            callId: string;
                            /** @enum {string} */
                            kind: "qa" | "calibration";
                            calibrationId: string;
                            reviewer: string;
                            rulesetId: string;
                            rulesetVersion: number;
                            agentId: string;
                            teamId: string;
                            startedAt: string;
                            machineScore: number;
                            reviewedScore: number;
                            fatal: boolean;
                            comment: string;
                            reviewedAt: string;
                            added: {
                                ruleId: string;
                                deduction: number;
                                fatal: boolean;
                                startMs: number;
                                endMs: number;
                                quote: string;
                                comment: string;
                            }[];
                            decisions: {
                                ruleId: string;
                                /** @enum {string} */
                                verdict: "confirmed" | "overturned";
                                deduction: number;
                                comment: string;
                                machineDeduction?: number;
                            }[];
                        } | null;
                        report: {
                            reviewers: string[];
                            rules: {
                                ruleId: string;
                                verdicts: {
                                    [key: string]: "confirmed" | "overturned";
                                };
                                /** @enum {string|null} */
                                majority: "confirmed" | "overturned" | null;
                                agreement: number;
                            }[];
                            inspectors: {
                                reviewer: string;
                                rules: number;
                                withMajority: number;
                                rate: number | null;
                            }[];
                            fleissKappa: number | null;
                            scores: {
                                [key: string]: number;
                            };
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postCalibrationsByCalibrationIdReviews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                calibrationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rulesetId: string;
                    rulesetVersion: number;
                    decisions: {
                        /** @enum {string} */
                        ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                        /** @enum {string} */
                        verdict: "confirmed" | "overturned";
                        deduction?: number;
                        /** @default  */
                        comment?: string;
                    }[];
                    /** @default [] */
                    added?: {
                        /** @enum {string} */
                        ruleId: "answer-speed" | "greeting" | "forbidden-phrase" | "polite-words" | "speech-rate" | "interruption" | "hold-checkin" | "recap" | "closing" | "hangup-order" | "volume";
                        deduction: number;
                        /** @default false */
                        fatal?: boolean;
                        startMs: number;
                        endMs: number;
                        /** @default  */
                        quote?: string;
                        comment: string;
                    }[];
                    /** @default  */
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        callId: string;
                        /** @enum {string} */
                        kind: "qa" | "calibration";
                        calibrationId: string;
                        reviewer: string;
                        rulesetId: string;
                        rulesetVersion: number;
                        agentId: string;
                        teamId: string;
                        startedAt: string;
                        machineScore: number;
                        reviewedScore: number;
                        fatal: boolean;
                        comment: string;
                        reviewedAt: string;
                        added: {
                            ruleId: string;
                            deduction: number;
                            fatal: boolean;
                            startMs: number;
                            endMs: number;
                            quote: string;
                            comment: string;
                        }[];
                        decisions: {
                            ruleId: string;
                            /** @enum {string} */
                            verdict: "confirmed" | "overturned";
                            deduction: number;
                            comment: string;
                            machineDeduction?: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getCalendar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        today: string;
                        months: string[];
                        suggested: {
                            month: string;
                            /** @enum {string} */
                            reason: "current" | "early-in-month" | "current-empty" | "no-earlier-data";
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getDashboards: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        panels: {
                            id: string;
                            title: {
                                zh: string;
                                en: string;
                            };
                            description: {
                                zh: string;
                                en: string;
                            };
                            chart: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getDashboardsByPanel: {
        parameters: {
            query?: {
                month?: string;
                from?: string;
                to?: string;
                teamId?: string;
                agentId?: string;
                limit?: number;
                passScore?: number;
                bandLow?: number;
                bandHigh?: number;
            };
            header?: never;
            path: {
                panel: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rows: {
                            bucket: number;
                            calls: number;
                        }[] | {
                            day: string;
                            teamId: string;
                            calls: number;
                            avgScore: number;
                        }[] | {
                            day: string;
                            teamId: string;
                            agentId: string;
                            calls: number;
                            avgScore: number;
                        }[] | {
                            ruleId: string;
                            calls: number;
                            cumulativePct: number;
                        }[] | {
                            agentId: string;
                            agentName: string;
                            teamId: string;
                            calls: number;
                            avgScore: number;
                        }[] | {
                            agentId: string;
                            agentName: string;
                            teamId: string;
                            calls: number;
                            avgScore: number;
                        }[] | {
                            day: string;
                            teamId: string;
                            calls: number;
                            avgCharsPerMinute: number;
                            inBandShare: number;
                            bandLow: number;
                            bandHigh: number;
                        }[] | {
                            day: string;
                            teamId: string;
                            calls: number;
                            overtalksPerCall: number;
                            callsWithOvertalkShare: number;
                        }[] | {
                            day: string;
                            teamId: string;
                            needingReview: number;
                            reviewed: number;
                            backlog: number;
                        }[] | {
                            day: string;
                            offered: number;
                            answered: number;
                            unanswered: number;
                            answerRate: number | null;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getSettlementsByMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        versions: {
                            month: string;
                            version: number;
                            /** @enum {string} */
                            status: "draft" | "signed";
                            digest: string;
                            createdBy: string;
                            createdAt: string;
                            signedBy: string | null;
                            signedAt: string | null;
                            signOff?: {
                                warnings: ({
                                    /** @enum {string} */
                                    kind: "open-appeals";
                                    count: number;
                                } | {
                                    /** @enum {string} */
                                    kind: "unreviewed-fatal";
                                    count: number;
                                } | {
                                    /** @enum {string} */
                                    kind: "few-reviewed";
                                    reviewedCalls: number;
                                    calls: number;
                                    minReviewedShare: number;
                                })[];
                                reason: string;
                            } | null;
                            totals: {
                                agents: number;
                                fines: number;
                                rewards: number;
                                net: number;
                            };
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postSettlementsByMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        month: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "signed";
                        digest: string;
                        createdBy: string;
                        createdAt: string;
                        signedBy: string | null;
                        signedAt: string | null;
                        signOff?: {
                            warnings: ({
                                /** @enum {string} */
                                kind: "open-appeals";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "unreviewed-fatal";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "few-reviewed";
                                reviewedCalls: number;
                                calls: number;
                                minReviewedShare: number;
                            })[];
                            reason: string;
                        } | null;
                        settlement: {
                            month: string;
                            policy: {
                                id: string;
                                version: number;
                                digest: string;
                            };
                            agents: {
                                agentId: string;
                                agentName: string;
                                teamId: string;
                                calls: number;
                                reviewedCalls: number;
                                averageScore: number | null;
                                unreviewedFatalCalls?: string[];
                                confirmedViolations: number;
                                fatalViolations: number;
                                excluded: {
                                    /** @enum {string} */
                                    reason: "overturned" | "appeal-upheld";
                                    violation: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    };
                                }[];
                                lines: {
                                    /** @enum {string} */
                                    kind: "violation" | "complaint" | "complaint-monthly" | "lead-fatal" | "lead-complaint" | "lead-share" | "score-reward" | "praise";
                                    /** @enum {string} */
                                    effect: "fine" | "reward";
                                    amount: number;
                                    basis?: {
                                        /** @enum {string} */
                                        scale: "fatal" | "rule" | "category" | "default";
                                        key: string;
                                        name?: string;
                                        nth: number;
                                        ladderAmount: number;
                                        capped: boolean;
                                    };
                                    ofAgentId?: string;
                                    score?: {
                                        averageScore: number;
                                        calls: number;
                                    };
                                    violations: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    }[];
                                    events: {
                                        eventId: string;
                                        /** @enum {string} */
                                        kind: "complaint" | "praise";
                                        agentId: string;
                                        teamId: string;
                                        occurredAt: string;
                                        callId: string;
                                        note: string;
                                        recordedBy: string;
                                    }[];
                                }[];
                                rewardWithheld?: {
                                    /** @enum {string} */
                                    reason: "unreviewed-fatal";
                                    callIds: string[];
                                };
                                fines: number;
                                rewards: number;
                                net: number;
                            }[];
                            totals: {
                                agents: number;
                                fines: number;
                                rewards: number;
                                net: number;
                            };
                            teamsWithoutLeads: string[];
                            checks?: {
                                calls: number;
                                reviewedCalls: number;
                                minReviewedShare: number;
                                openAppeals: {
                                    appealId: string;
                                    callId: string;
                                    ruleId: string;
                                    agentId: string;
                                }[];
                                unreviewedFatal: {
                                    callId: string;
                                    agentId: string;
                                }[];
                            };
                            reviewerNames?: {
                                [key: string]: string;
                            };
                        };
                        warnings: ({
                            /** @enum {string} */
                            kind: "open-appeals";
                            count: number;
                        } | {
                            /** @enum {string} */
                            kind: "unreviewed-fatal";
                            count: number;
                        } | {
                            /** @enum {string} */
                            kind: "few-reviewed";
                            reviewedCalls: number;
                            calls: number;
                            minReviewedShare: number;
                        })[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getSettlementsByMonthByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        month: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "signed";
                        digest: string;
                        createdBy: string;
                        createdAt: string;
                        signedBy: string | null;
                        signedAt: string | null;
                        signOff?: {
                            warnings: ({
                                /** @enum {string} */
                                kind: "open-appeals";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "unreviewed-fatal";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "few-reviewed";
                                reviewedCalls: number;
                                calls: number;
                                minReviewedShare: number;
                            })[];
                            reason: string;
                        } | null;
                        settlement: {
                            month: string;
                            policy: {
                                id: string;
                                version: number;
                                digest: string;
                            };
                            agents: {
                                agentId: string;
                                agentName: string;
                                teamId: string;
                                calls: number;
                                reviewedCalls: number;
                                averageScore: number | null;
                                unreviewedFatalCalls?: string[];
                                confirmedViolations: number;
                                fatalViolations: number;
                                excluded: {
                                    /** @enum {string} */
                                    reason: "overturned" | "appeal-upheld";
                                    violation: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    };
                                }[];
                                lines: {
                                    /** @enum {string} */
                                    kind: "violation" | "complaint" | "complaint-monthly" | "lead-fatal" | "lead-complaint" | "lead-share" | "score-reward" | "praise";
                                    /** @enum {string} */
                                    effect: "fine" | "reward";
                                    amount: number;
                                    basis?: {
                                        /** @enum {string} */
                                        scale: "fatal" | "rule" | "category" | "default";
                                        key: string;
                                        name?: string;
                                        nth: number;
                                        ladderAmount: number;
                                        capped: boolean;
                                    };
                                    ofAgentId?: string;
                                    score?: {
                                        averageScore: number;
                                        calls: number;
                                    };
                                    violations: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    }[];
                                    events: {
                                        eventId: string;
                                        /** @enum {string} */
                                        kind: "complaint" | "praise";
                                        agentId: string;
                                        teamId: string;
                                        occurredAt: string;
                                        callId: string;
                                        note: string;
                                        recordedBy: string;
                                    }[];
                                }[];
                                rewardWithheld?: {
                                    /** @enum {string} */
                                    reason: "unreviewed-fatal";
                                    callIds: string[];
                                };
                                fines: number;
                                rewards: number;
                                net: number;
                            }[];
                            totals: {
                                agents: number;
                                fines: number;
                                rewards: number;
                                net: number;
                            };
                            teamsWithoutLeads: string[];
                            checks?: {
                                calls: number;
                                reviewedCalls: number;
                                minReviewedShare: number;
                                openAppeals: {
                                    appealId: string;
                                    callId: string;
                                    ruleId: string;
                                    agentId: string;
                                }[];
                                unreviewedFatal: {
                                    callId: string;
                                    agentId: string;
                                }[];
                            };
                            reviewerNames?: {
                                [key: string]: string;
                            };
                        };
                        warnings: ({
                            /** @enum {string} */
                            kind: "open-appeals";
                            count: number;
                        } | {
                            /** @enum {string} */
                            kind: "unreviewed-fatal";
                            count: number;
                        } | {
                            /** @enum {string} */
                            kind: "few-reviewed";
                            reviewedCalls: number;
                            calls: number;
                            minReviewedShare: number;
                        })[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    postSettlementsByMonthByVersionSign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                month: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    digest: string;
                    override?: {
                        reason: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        month: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "signed";
                        digest: string;
                        createdBy: string;
                        createdAt: string;
                        signedBy: string | null;
                        signedAt: string | null;
                        signOff?: {
                            warnings: ({
                                /** @enum {string} */
                                kind: "open-appeals";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "unreviewed-fatal";
                                count: number;
                            } | {
                                /** @enum {string} */
                                kind: "few-reviewed";
                                reviewedCalls: number;
                                calls: number;
                                minReviewedShare: number;
                            })[];
                            reason: string;
                        } | null;
                        settlement: {
                            month: string;
                            policy: {
                                id: string;
                                version: number;
                                digest: string;
                            };
                            agents: {
                                agentId: string;
                                agentName: string;
                                teamId: string;
                                calls: number;
                                reviewedCalls: number;
                                averageScore: number | null;
                                unreviewedFatalCalls?: string[];
                                confirmedViolations: number;
                                fatalViolations: number;
                                excluded: {
                                    /** @enum {string} */
                                    reason: "overturned" | "appeal-upheld";
                                    violation: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    };
                                }[];
                                lines: {
                                    /** @enum {string} */
                                    kind: "violation" | "complaint" | "complaint-monthly" | "lead-fatal" | "lead-complaint" | "lead-share" | "score-reward" | "praise";
                                    /** @enum {string} */
                                    effect: "fine" | "reward";
                                    amount: number;
                                    basis?: {
                                        /** @enum {string} */
                                        scale: "fatal" | "rule" | "category" | "default";
                                        key: string;
                                        name?: string;
                                        nth: number;
                                        ladderAmount: number;
                                        capped: boolean;
                                    };
                                    ofAgentId?: string;
                                    score?: {
                                        averageScore: number;
                                        calls: number;
                                    };
                                    violations: {
                                        callId: string;
                                        agentId: string;
                                        startedAt: string;
                                        ruleId: string;
                                        reviewer: string;
                                        reviewedAt: string;
                                        comment: string;
                                        rulesetId: string;
                                        rulesetVersion: number;
                                        ruleResult: {
                                            /** @enum {string|null} */
                                            severity: "minor" | "major" | "fatal" | null;
                                            deduction: number;
                                            evidence: {
                                                startMs?: number;
                                                endMs?: number;
                                                /** @enum {string} */
                                                speaker?: "agent" | "customer" | "unknown";
                                                text?: string;
                                                note: string;
                                                match?: {
                                                    phrase: string;
                                                    heard: string;
                                                    /** @enum {string} */
                                                    by: "text" | "same-sound" | "near-sound";
                                                };
                                            }[];
                                        } | null;
                                        appeals: {
                                            appealId: string;
                                            /** @enum {string} */
                                            status: "open" | "upheld" | "rejected";
                                        }[];
                                        /** @enum {string} */
                                        source?: "machine" | "inspector";
                                        deduction?: number;
                                    }[];
                                    events: {
                                        eventId: string;
                                        /** @enum {string} */
                                        kind: "complaint" | "praise";
                                        agentId: string;
                                        teamId: string;
                                        occurredAt: string;
                                        callId: string;
                                        note: string;
                                        recordedBy: string;
                                    }[];
                                }[];
                                rewardWithheld?: {
                                    /** @enum {string} */
                                    reason: "unreviewed-fatal";
                                    callIds: string[];
                                };
                                fines: number;
                                rewards: number;
                                net: number;
                            }[];
                            totals: {
                                agents: number;
                                fines: number;
                                rewards: number;
                                net: number;
                            };
                            teamsWithoutLeads: string[];
                            checks?: {
                                calls: number;
                                reviewedCalls: number;
                                minReviewedShare: number;
                                openAppeals: {
                                    appealId: string;
                                    callId: string;
                                    ruleId: string;
                                    agentId: string;
                                }[];
                                unreviewedFatal: {
                                    callId: string;
                                    agentId: string;
                                }[];
                            };
                            reviewerNames?: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getSettlementsByMonthByVersionPrint: {
        parameters: {
            query?: {
                lang?: "zh" | "en";
            };
            header?: never;
            path: {
                month: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file itself, in its own media type (audio, HTML, CSV or XLSX) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    getSettlementsByMonthByVersionExportByFormat: {
        parameters: {
            query?: {
                lang?: "zh" | "en";
            };
            header?: never;
            path: {
                month: string;
                version: number;
                format: "csv" | "xlsx";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file itself, in its own media type (audio, HTML, CSV or XLSX) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        problems?: {
                            path: string;
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
}
